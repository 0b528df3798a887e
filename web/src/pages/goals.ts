// Målstyrning: the plan's focus areas → goals → assignments, each goal and assignment
// with its status computed from its indicators (GET /api/goals), the indicators'
// status for the chosen unit and period, and the analysis comments of each goal. Each
// focus area folds; "Visa bara ej uppfyllda" (filter=ej-uppfyllda in the URL) keeps the
// goals that are not met or near, or have an assignment that is.
import type { Assessment, GoalStatus, GoalsResponse, Indicator, Plan, ScoreRow, Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { commentAccess } from '../access';
import { assessmentBox } from '../assessment';
import type { Context } from '../context';
import { downloadButtons, noResultCells, resultCells, resultHeader, type CsvTable } from '../download';
import { describePeriod, formatValue, parsePeriod, periodEndDate, statusBadge } from '../format';
import { t } from '../i18n';
import { toolbar } from '../toolbar';
import { h, hrefFor, targetInfo, uid } from '../ui';
import { analysisBox, loadAnalyses } from '../analysis';

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
// assignments, with its outcome for the unit and period (empty where it does not apply),
// then the goal's and the assignment's computed status, and each one's assessment
// (status set by hand, justification, responsible; empty when not assessed).
function goalsCsv(plan: Plan, rows: Map<string, ScoreRow>, names: Map<string, string>, statuses: Map<string, GoalStatus>, assessed: Map<string, Assessment>): CsvTable {
  const out: CsvTable['rows'] = [];
  const assessment = (id: string | null) => {
    const a = id ? assessed.get(id) : undefined;
    return [a?.status_text ?? '', a?.justification ?? '', a?.responsible ?? ''];
  };
  const add = (area: string, goal: string, assignment: string, ids: string[], goalStatus: string, assignmentStatus: string, goalId: string, assignmentId: string | null) => {
    for (const id of ids) {
      const r = rows.get(id);
      const outcome = r ? resultCells(r, r.display) : noResultCells(t('notForUnitShort'));
      out.push([area, goal, assignment, r?.name ?? names.get(id) ?? id, id, ...outcome, goalStatus, assignmentStatus, ...assessment(goalId), ...assessment(assignmentId)]);
    }
  };
  for (const fa of plan.focus_areas) {
    for (const g of fa.goals) {
      const gs = statuses.get(g.id)?.status_text ?? '';
      add(fa.name, g.text, '', g.indicators, gs, '', g.id, null);
      for (const a of g.assignments) add(fa.name, g.text, a.text, a.indicators, gs, statuses.get(a.id)?.status_text ?? '', g.id, a.id);
    }
  }
  return {
    header: [
      t('focusArea'), t('csvPlanGoal'), t('csvAssignment'), t('indicator'), t('csvIndicatorId'), ...resultHeader(), t('csvGoalStatus'), t('csvAssignmentStatus'),
      t('csvGoalAssessed'), t('csvGoalJustification'), t('csvGoalResponsible'), t('csvAssignmentAssessed'), t('csvAssignmentJustification'), t('csvAssignmentResponsible'),
    ],
    rows: out,
  };
}

const filterValue = 'ej-uppfyllda';
const needsAttention = (s: GoalStatus | undefined) => s?.status === 'not_met' || s?.status === 'near';

// The hash's query (the page's own, beside period and unit).
function hashParams(): URLSearchParams {
  const raw = location.hash;
  const cut = raw.indexOf('?');
  return new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1));
}

// The computed status of a goal or an assignment: the badge, the counts behind it and,
// for a goal, a "?" that tells the rule on hover and keyboard focus (Escape hides it).
function goalStatus(s: GoalStatus | undefined, rule: string | null): HTMLElement | null {
  if (!s) return null;
  const box = h('span', { class: 'goal-status' }, statusBadge(s.status, s.status_text), ' ', h('span', { class: 'goal-counts muted small' }, s.counts_text));
  if (rule !== null) {
    const tipId = uid('goal-rule');
    const tip = h('span', { id: tipId, role: 'tooltip', class: 'rule-tip' }, rule);
    const button = h('button', { type: 'button', class: 'rule-help', 'aria-label': t('goalRuleLabel'), 'aria-describedby': tipId }, '?');
    const wrap = h('span', { class: 'rule-wrap' }, button, tip);
    button.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') wrap.classList.add('rule-dismissed');
    });
    button.addEventListener('click', () => wrap.classList.toggle('rule-open'));
    button.addEventListener('blur', () => wrap.classList.remove('rule-dismissed', 'rule-open'));
    wrap.addEventListener('mouseleave', () => wrap.classList.remove('rule-dismissed'));
    box.append(' ', wrap);
  }
  return box;
}

export async function renderGoals(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const year = parsePeriod(period)?.year ?? ctx.info.last_year;
  const [plan, card, units, catalogue, goals, assessments] = await Promise.all([
    get<Plan>('plan', { year }),
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
    get<{ indicators: Indicator[] }>('catalogue'),
    get<GoalsResponse>('goals', { period, unit }),
    get<{ assessments: Assessment[] }>('assessments', { unit, period }),
  ]);
  // The newest assessment of each goal and assignment; one saved on the page replaces
  // it, so that the CSV holds it.
  const assessed = new Map(assessments.assessments.map((a) => [a.goal_id, a]));
  const remember = (a: Assessment) => assessed.set(a.goal_id, a);
  // Every goal's analysis of the year (each box shows its own), in one request.
  const analyses = loadAnalyses('goal', unit, card.period);
  const names = new Map(catalogue.indicators.map((i) => [i.id, i.name]));
  const rows = new Map(card.rows.map((r) => [r.indicator, r]));
  const statuses = new Map(goals.goals.map((g) => [g.id, g]));
  // Why the goals' analyses cannot be written here is said once, above them all.
  const access = commentAccess(ctx.me, unit, units.units);

  // Each goal's article with whether the filter keeps it.
  const goalViews: { el: HTMLElement; keep: boolean }[] = [];
  const areaViews: { section: HTMLElement; goals: HTMLElement[] }[] = [];
  const areas = plan.focus_areas.map((fa) => {
    const count = (s: GoalStatus['status']) => fa.goals.filter((g) => statuses.get(g.id)?.status === s).length;
    const bodyId = uid('focus-area');
    const toggle = h(
      'button',
      { type: 'button', class: 'focus-toggle', 'aria-expanded': 'true', 'aria-controls': bodyId },
      h('span', { class: 'focus-name' }, fa.name),
      ' ',
      h(
        'span',
        { class: 'focus-counts' },
        `${fa.goals.length} ${t('areaGoals')}: ${count('met')} ${t('areaMet')}, ${count('near')} ${t('areaNear')}, ${count('not_met')} ${t('areaNotMet')}`,
      ),
    );
    const articles = fa.goals.map((g) => {
      const gs = statuses.get(g.id);
      const el = h(
        'article',
        { class: 'goal', 'data-goal': g.id, 'data-status': gs?.status ?? null },
        h('div', { class: 'goal-head' }, h('h3', null, g.text), goalStatus(gs, goals.rule), assessmentBox(g.id, unit, card.period, gs, assessed.get(g.id), access.mayWrite, remember)),
        indicatorList(g.indicators, rows, names, ctx),
        g.assignments.length > 0
          ? h(
              'div',
              { class: 'assignments' },
              h('h4', null, t('assignments')),
              h(
                'ul',
                null,
                ...g.assignments.map((a) => {
                  const as = statuses.get(a.id);
                  return h(
                    'li',
                    { class: 'assignment', 'data-goal': a.id, 'data-status': as?.status ?? null },
                    h('p', null, a.text, ' ', goalStatus(as, null)),
                    assessmentBox(a.id, unit, card.period, as, assessed.get(a.id), access.mayWrite, remember),
                    a.indicators.length ? indicatorList(a.indicators, rows, names, ctx) : null,
                  );
                }),
              ),
            )
          : null,
        h('div', { class: 'goal-comment' }, h('h4', null, t('comments')), analysisBox('goal', g.id, unit, card.period, analyses, false, { mayWrite: access.mayWrite })),
      );
      goalViews.push({ el, keep: needsAttention(gs) || g.assignments.some((a) => needsAttention(statuses.get(a.id))) });
      return el;
    });
    const body = h('div', { id: bodyId, class: 'focus-body' }, ...articles);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
    });
    const section = h('section', { class: 'focus-area' }, h('h2', null, toggle), body);
    areaViews.push({ section, goals: articles });
    return section;
  });

  // The filter: goals not met or near (or with such an assignment); the choice in the URL.
  const filterId = uid('goal-filter');
  const helpId = uid('goal-filter-help');
  const only = h('input', { type: 'checkbox', id: filterId, 'aria-describedby': helpId, checked: hashParams().get('filter') === filterValue });
  const none = h('p', { class: 'muted no-goals-shown', hidden: true }, t('noGoalsShown'));
  const applyFilter = () => {
    const on = only.checked;
    const kept = new Set(goalViews.filter((v) => !on || v.keep).map((v) => v.el));
    for (const v of goalViews) v.el.hidden = !kept.has(v.el);
    for (const a of areaViews) a.section.hidden = !a.goals.some((g) => kept.has(g));
    none.hidden = kept.size > 0;
  };
  only.addEventListener('change', () => {
    applyFilter();
    const params = hashParams();
    if (only.checked) params.set('filter', filterValue);
    else params.delete('filter');
    const raw = location.hash;
    const cut = raw.indexOf('?');
    // replaceState: no hashchange, so the page is not drawn again and focus stays here.
    history.replaceState(history.state, '', `${cut < 0 ? raw : raw.slice(0, cut)}?${params.toString()}`);
  });
  applyFilter();

  ctx.main.replaceChildren(
    h('h1', null, `${t('goals')}: ${card.unit.name}, ${describePeriod(card.period)}`),
    h('p', { class: 'lead' }, `${plan.title} (${plan.decided_by})${plan.plan_year !== year ? ` – ${t('planYear')} ${plan.plan_year}` : ''}`),
    toolbar(ctx, units, 'malstyrning'),
    ...(access.note ? [h('p', { class: 'muted small comment-read-only' }, access.note)] : []),
    h(
      'div',
      { class: 'goals-actions' },
      h(
        'div',
        { class: 'goal-filter' },
        h('div', { class: 'check' }, only, h('label', { for: filterId }, t('onlyNotMet'))),
        h('p', { id: helpId, class: 'muted small' }, t('onlyNotMetHelp')),
      ),
      h(
        'div',
        { class: 'table-actions' },
        downloadButtons(t('goals'), () => ['malstyrning', card.unit.id, card.period], () => goalsCsv(plan, rows, names, statuses, assessed)),
      ),
    ),
    none,
    ...areas,
  );
}
