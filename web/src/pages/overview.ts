// Översikt: the plan year's scorecard by perspective for one unit and period.
import type { Indicator, Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import type { Context } from '../context';
import { downloadButtons, scorecardCsv } from '../download';
import { periodEndDate } from '../format';
import { t } from '../i18n';
import { toolbar } from '../toolbar';
import { h, scopeHeading, scorecardTables } from '../ui';

export async function renderOverview(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const [card, units, catalogue] = await Promise.all([
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
    get<{ indicators: Indicator[] }>('catalogue'),
  ]);
  const rates = new Set(catalogue.indicators.filter((i) => i.measure === 'rate').map((i) => i.id));
  ctx.main.replaceChildren(
    scopeHeading(t('overview'), card.unit.name, card.period),
    h('p', { class: 'lead' }, `${t('scorecardFor')} ${t('planYear')} ${card.year}.`),
    toolbar(ctx, units, 'oversikt'),
    h(
      'div',
      { class: 'table-actions' },
      downloadButtons(
        t('scorecardFor'),
        () => ['oversikt', card.unit.id, card.period],
        () => scorecardCsv(card.rows, ctx.info.perspectives),
      ),
    ),
    scorecardTables(card.rows, ctx.info.perspectives, ctx.scope, rates),
  );
}
