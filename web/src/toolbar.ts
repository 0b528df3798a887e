// The pickers above the pages: period and unit (Översikt, Indikator, Enhet,
// Målstyrning, Nämndsdialog), and the indicator (Indikator).
import type { Indicator, UnitsResponse } from './api';
import type { Context } from './context';
import { t, tr } from './i18n';
import { choiceForm, h, periodPicker, uid, unitPicker } from './ui';

export function toolbar(ctx: Context, units: UnitsResponse, page: string): HTMLElement {
  return h(
    'div',
    { class: 'toolbar' },
    periodPicker(ctx.scope.period, ctx.info.first_year, ctx.info.last_year, (p) => ctx.go(page, { period: p })),
    unitPicker(units, ctx.scope.unit, (u) => ctx.go(page, { unit: u })),
  );
}

// The catalogue's indicators by perspective, `id` chosen (none when it is not one of
// them); the choice takes effect with Enter or "Visa" (choiceForm).
export function indicatorToolbar(ctx: Context, indicators: Indicator[], id: string): HTMLElement {
  const pickId = uid('indicator-pick');
  const pick = h(
    'select',
    { id: pickId, 'data-focus-key': 'indicator-pick' },
    ...ctx.info.perspectives.map((p) =>
      h(
        'optgroup',
        { label: tr(`perspective_${p}`) },
        ...indicators.filter((i) => i.perspective === p).map((i) => h('option', { value: i.id, selected: i.id === id }, i.name)),
      ),
    ),
  );
  return h(
    'div',
    { class: 'toolbar' },
    choiceForm('picker', 'indicator', () => ctx.go('indikator', {}, pick.value), h('div', { class: 'field' }, h('label', { for: pickId }, t('chooseIndicator')), pick)),
  );
}
