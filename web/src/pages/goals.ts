// Målstyrning: the plan's focus areas → goals → assignments with their indicators'
// status for the chosen unit and period, and the analysis comments of each goal.
import type { Indicator, Plan, ScoreRow, Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { commentAccess } from '../access';
import type { Context } from '../context';
import { downloadButtons, noResultCells, resultCells, resultHeader, type CsvTable } from '../download';
import { describePeriod, formatValue, parsePeriod, periodEndDate, statusBadge } from '../format';
import { t } from '../i18n';
import { toolbar } from '../toolbar';
import { commentBox, h, hrefFor, targetInfo } from '../ui';

// Each linked indicator with its outcome, status and target for the unit and period.
// The scorecard holds only the indicators that apply to the unit; the others are said
// not to apply (a dental indicator at a health centre).
function indicatorList(ids: string[], rows: Map<string, ScoreRow>, names: Map<string, string>, ctx: Context): HTMLElement {
  if (ids.length === 0) return h('p', { class: 'muted small' }, t('noIndicators'));
  return h(
    'ul',
    { class: 'indicator-chips', 'aria-label': t('indicators') },
    ...ids.map((id) => {
      const r = rows.get(id);
      if (!r) {
        return h(
          'li',
          { 'data-indicator': id, 'data-status': 'not_for_unit' },
          h('a', { href: hrefFor('indikator', ctx.scope, id) }, names.get(id) ?? id),
          ': ',
          h('span', { class: 'muted' }, t('notForUnitShort')),
        );
      }
      return h(
        'li',
        { 'data-indicator': id, 'data-status': r.status },
        h('a', { href: hrefFor('indikator', ctx.scope, id) }, r.name),
        ': ',
        h('span', { class: 'value', 'data-col': 'value' }, formatValue(r.value, r.display, r.decimals)),
        ' ',
        statusBadge(r.status),
        ' ',
        h('span', { class: 'chip-target' }, h('span', { class: 'chip-target-label' }, `${t('target')}:`), ' ', targetInfo(r)),
      );
    }),
  );
}

// The plan as a table: one row per indicator linked to a goal or to one of its
// assignments, with its outcome for the unit and period (empty where it does not apply).
function goalsCsv(plan: Plan, rows: Map<string, ScoreRow>, names: Map<string, string>): CsvTable {
  const out: CsvTable['rows'] = [];
  const add = (area: string, goal: string, assignment: string, ids: string[]) => {
    for (const id of ids) {
      const r = rows.get(id);
      const outcome = r ? resultCells(r, r.display) : noResultCells(t('notForUnitShort'));
      out.push([area, goal, assignment, r?.name ?? names.get(id) ?? id, id, ...outcome]);
    }
  };
  for (const fa of plan.focus_areas) {
    for (const g of fa.goals) {
      add(fa.name, g.text, '', g.indicators);
      for (const a of g.assignments) add(fa.name, g.text, a.text, a.indicators);
    }
  }
  return { header: [t('focusArea'), t('csvPlanGoal'), t('csvAssignment'), t('indicator'), t('csvIndicatorId'), ...resultHeader()], rows: out };
}

export async function renderGoals(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const year = parsePeriod(period)?.year ?? ctx.info.last_year;
  const [plan, card, units, catalogue] = await Promise.all([
    get<Plan>('plan', { year }),
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
    get<{ indicators: Indicator[] }>('catalogue'),
  ]);
  const names = new Map(catalogue.indicators.map((i) => [i.id, i.name]));
  const rows = new Map(card.rows.map((r) => [r.indicator, r]));
  // Why the goals' analyses cannot be written here is said once, above them all.
  const access = commentAccess(ctx.me, unit, units.units);
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
          indicatorList(g.indicators, rows, names, ctx),
          g.assignments.length > 0
            ? h(
                'div',
                { class: 'assignments' },
                h('h4', null, t('assignments')),
                h(
                  'ul',
                  null,
                  ...g.assignments.map((a) => h('li', null, h('p', null, a.text), a.indicators.length ? indicatorList(a.indicators, rows, names, ctx) : null)),
                ),
              )
            : null,
          h('div', { class: 'goal-comment' }, h('h4', null, t('comments')), commentBox('goal', g.id, unit, card.period, false, { mayWrite: access.mayWrite })),
        ),
      ),
    ),
  );
  ctx.main.replaceChildren(
    h('h1', null, `${t('goals')}: ${card.unit.name}, ${describePeriod(card.period)}`),
    h('p', { class: 'lead' }, `${plan.title} (${plan.decided_by})${plan.plan_year !== year ? ` – ${t('planYear')} ${plan.plan_year}` : ''}`),
    toolbar(ctx, units, 'malstyrning'),
    ...(access.note ? [h('p', { class: 'muted small comment-read-only' }, access.note)] : []),
    h(
      'div',
      { class: 'table-actions' },
      downloadButtons(t('goals'), () => ['malstyrning', card.unit.id, card.period], () => goalsCsv(plan, rows, names)),
    ),
    ...areas,
  );
}
