// Målstyrning: the plan's focus areas → goals → assignments with their indicators'
// status for the chosen unit and period, and the analysis comments of each goal.
import type { Plan, ScoreRow, Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { describePeriod, formatValue, parsePeriod, periodEndDate, statusBadge } from '../format';
import { t } from '../i18n';
import type { Context } from '../main';
import { commentBox, h, hrefFor } from '../ui';
import { toolbar } from './overview';

function indicatorList(ids: string[], rows: Map<string, ScoreRow>, ctx: Context): HTMLElement {
  if (ids.length === 0) return h('p', { class: 'muted small' }, t('noIndicators'));
  return h(
    'ul',
    { class: 'indicator-chips', 'aria-label': t('indicators') },
    ...ids.map((id) => {
      const r = rows.get(id);
      return h(
        'li',
        null,
        h('a', { href: hrefFor('indikator', ctx.scope, id) }, r ? r.name : id),
        ': ',
        h('span', { class: 'value' }, r ? formatValue(r.value, r.display, r.decimals) : '–'),
        ' ',
        r ? statusBadge(r.status) : null,
      );
    }),
  );
}

export async function renderGoals(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const year = parsePeriod(period)?.year ?? ctx.info.last_year;
  const [plan, card, units] = await Promise.all([
    get<Plan>('plan', { year }),
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
  ]);
  const rows = new Map(card.rows.map((r) => [r.indicator, r]));
  const areas = plan.focus_areas.map((fa) =>
    h(
      'section',
      { class: 'focus-area' },
      h('h2', null, fa.name),
      ...fa.goals.map((g) =>
        h(
          'article',
          { class: 'goal' },
          h('h3', null, g.text),
          indicatorList(g.indicators, rows, ctx),
          g.assignments.length > 0
            ? h(
                'div',
                { class: 'assignments' },
                h('h4', null, t('assignments')),
                h(
                  'ul',
                  null,
                  ...g.assignments.map((a) => h('li', null, h('p', null, a.text), a.indicators.length ? indicatorList(a.indicators, rows, ctx) : null)),
                ),
              )
            : null,
          h('div', { class: 'goal-comment' }, h('h4', null, t('comments')), commentBox('goal', g.id, unit, card.period, false)),
        ),
      ),
    ),
  );
  ctx.main.replaceChildren(
    h('h1', null, `${t('goals')}: ${card.unit.name}, ${describePeriod(card.period)}`),
    h('p', { class: 'lead' }, `${plan.title} (${plan.decided_by})${plan.plan_year !== year ? ` – ${t('planYear')} ${plan.plan_year}` : ''}`),
    toolbar(ctx, units, 'malstyrning'),
    ...areas,
  );
}
