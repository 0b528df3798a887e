// The period and unit pickers above the Översikt, Indikator, Enhet and Målstyrning pages.
import type { UnitsResponse } from './api';
import type { Context } from './context';
import { h, periodPicker, unitPicker } from './ui';

export function toolbar(ctx: Context, units: UnitsResponse, page: string): HTMLElement {
  return h(
    'div',
    { class: 'toolbar' },
    periodPicker(ctx.scope.period, ctx.info.first_year, ctx.info.last_year, (p) => ctx.go(page, { period: p })),
    unitPicker(units, ctx.scope.unit, (u) => ctx.go(page, { unit: u })),
  );
}
