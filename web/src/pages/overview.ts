// Översikt: the plan year's scorecard by perspective for one unit and period.
import type { Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { periodEndDate } from '../format';
import { t } from '../i18n';
import type { Context } from '../main';
import { h, periodPicker, scopeHeading, scorecardTables, unitPicker } from '../ui';

export function toolbar(ctx: Context, units: UnitsResponse, page: string): HTMLElement {
  return h(
    'div',
    { class: 'toolbar' },
    periodPicker(ctx.scope.period, ctx.info.first_year, ctx.info.last_year, (p) => ctx.go(page, { period: p })),
    unitPicker(units, ctx.scope.unit, (u) => ctx.go(page, { unit: u })),
  );
}

export async function renderOverview(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const [card, units] = await Promise.all([
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
  ]);
  ctx.main.replaceChildren(
    scopeHeading(t('overview'), card.unit.name, card.period),
    h('p', { class: 'lead' }, `${t('scorecardFor')} ${t('planYear')} ${card.year}.`),
    toolbar(ctx, units, 'oversikt'),
    scorecardTables(card.rows, ctx.info.perspectives, ctx.scope),
  );
}
