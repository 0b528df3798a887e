// Enhet: one unit's scorecard, its children and the way back up the tree, and the
// actions (åtgärder) written for it and the units below it, each leading to the
// indicator or goal it is about.
import type { ActionOfUnit, Indicator, Plan, Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { actionState, isOverdue } from '../analysis';
import { peersSection } from '../peers';
import type { Context } from '../context';
import { downloadButtons, scorecardCsv, type CsvTable } from '../download';
import { parsePeriod, periodEndDate } from '../format';
import { t, tr } from '../i18n';
import { statusBadge, statusText } from '../format';
import { toolbar } from '../toolbar';
import { choiceForm, h, hrefFor, scopeHeading, scorecardTables, uid } from '../ui';

export async function renderUnit(ctx: Context): Promise<void> {
  const id = ctx.id ?? ctx.scope.unit;
  const scope = { ...ctx.scope, unit: id };
  const [card, units] = await Promise.all([
    get<Scorecard>('scorecard', { period: scope.period, unit: id }),
    get<UnitsResponse>('units', { date: periodEndDate(scope.period) }),
  ]);
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const chain = [];
  for (let u = byId.get(id); u; u = u.parent ? byId.get(u.parent) : undefined) chain.unshift(u);
  const crumbs = h(
    'nav',
    { class: 'breadcrumbs', 'aria-label': t('path') },
    h(
      'ol',
      null,
      ...chain.map((u) =>
        h('li', null, u.id === id ? h('span', { 'aria-current': 'page' }, u.name) : h('a', { href: hrefFor('enhet', { ...scope, unit: u.id }, u.id) }, u.name)),
      ),
    ),
  );
  const me = byId.get(id);
  const kids = (me?.children ?? []).map((c) => byId.get(c)).filter((u) => !!u);
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', null, t('kind')),
    h('dd', null, tr(`kind_${card.unit.kind}`) + (card.unit.ownership === 'private' ? ` (${t('private')})` : '')),
    me ? h('dt', null, t('validFrom')) : null,
    me ? h('dd', null, me.valid_from) : null,
    me?.valid_to ? h('dt', null, t('validTo')) : null,
    me?.valid_to ? h('dd', null, me.valid_to) : null,
  );
  // Each child with how many of its indicators met, nearly met and missed the target.
  const cards = await Promise.all(kids.map((u) => get<Scorecard>('scorecard', { period: scope.period, unit: u!.id })));
  const count = (c: Scorecard, st: string) => c.rows.filter((r) => r.status === st).length;
  const childrenId = uid('children');
  const statuses = ['met', 'near', 'not_met'] as const;
  const childrenCsv = (): CsvTable => ({
    header: [t('unit'), t('csvUnitId'), t('kind'), ...statuses.map((st) => statusText(st))],
    rows: kids.map((u, i) => [
      u!.name,
      u!.id,
      tr(`kind_${u!.kind}`) + (u!.ownership === 'private' ? ` (${t('private')})` : ''),
      ...statuses.map((st) => count(cards[i], st)),
    ]),
  });
  const children = h(
    'section',
    { class: 'children' },
    h('h2', { id: childrenId }, t('children')),
    kids.length === 0
      ? null
      : h('div', { class: 'table-actions' }, downloadButtons(t('children'), () => ['enhet', id, 'underenheter', card.period], childrenCsv)),
    kids.length === 0
      ? h('p', { class: 'muted' }, t('noChildren'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table child-table', 'aria-labelledby': childrenId },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t('unit')),
                h('th', { scope: 'col' }, t('kind')),
                ...(['met', 'near', 'not_met'] as const).map((st) => h('th', { scope: 'col', class: 'num' }, statusBadge(st))),
              ),
            ),
            h(
              'tbody',
              null,
              ...kids.map((u, i) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, h('a', { href: hrefFor('enhet', { ...scope, unit: u!.id }, u!.id), 'data-unit': u!.id }, u!.name)),
                  h('td', null, tr(`kind_${u!.kind}`) + (u!.ownership === 'private' ? ` (${t('private')})` : '')),
                  ...(['met', 'near', 'not_met'] as const).map((st) => h('td', { class: 'num' }, String(count(cards[i], st)))),
                ),
              ),
            ),
          ),
        ),
  );
  const actions = await actionsSection(id, scope.period);
  ctx.main.replaceChildren(
    crumbs,
    scopeHeading(t('unit'), card.unit.name, card.period),
    facts,
    toolbar({ ...ctx, scope, go: (_page, s) => ctx.go('enhet', s, s.unit ?? id) }, units, 'enhet'),
    children,
    h(
      'div',
      { class: 'table-actions' },
      downloadButtons(t('scorecardFor'), () => ['enhet', id, card.period], () => scorecardCsv(card.rows, ctx.info.perspectives)),
    ),
    scorecardTables(card.rows, ctx.info.perspectives, scope),
    ...[peersOfUnit(card, id)].filter((e): e is HTMLElement => e !== null),
    actions,
  );
}

// The unit among its peers for one of its indicators, chosen with a select (the first
// with a value to start with); the choice redraws this section only.
function peersOfUnit(card: Scorecard, unit: string): HTMLElement | null {
  const rows = card.rows;
  const first = rows.find((r) => r.value !== null) ?? rows[0];
  if (!first) return null;
  const pickId = uid('peers-pick');
  const pick = h('select', { id: pickId, 'data-focus-key': 'peers-pick' }, ...rows.map((r) => h('option', { value: r.indicator, selected: r === first }, r.name)));
  const name = (id: string) => rows.find((r) => r.indicator === id)?.name ?? id;
  let shown = peersSection(first.indicator, unit, card.period, 3, name(first.indicator));
  const headingId = uid('unit-peers');
  const form = choiceForm('peers-pick', 'peers-pick', () => {
    const next = peersSection(pick.value, unit, card.period, 3, name(pick.value));
    shown.replaceWith(next);
    shown = next;
  }, h('div', { class: 'field' }, h('label', { for: pickId }, t('peersIndicator')), pick));
  return h('section', { class: 'unit-peers', 'aria-labelledby': headingId }, h('h2', { id: headingId }, t('peers')), form, shown);
}

// The actions of the unit and the units below it (GET /api/actions?subtree=1), open
// ones first by due date as the server orders them, an overdue one marked
// "Försenad"; each names what it is about, linked to that indicator's page or the goals
// page, for the unit and period it was written for.
async function actionsSection(unit: string, period: string): Promise<HTMLElement> {
  const year = parsePeriod(period)?.year;
  const [list, catalogue, plan] = await Promise.all([
    get<{ actions: ActionOfUnit[] }>('actions', { unit, subtree: 1 }),
    get<{ indicators: Indicator[] }>('catalogue'),
    get<Plan>('plan', { year }).catch(() => null),
  ]);
  const names = new Map(catalogue.indicators.map((i) => [i.id, i.name]));
  for (const fa of plan?.focus_areas ?? []) {
    for (const g of fa.goals) {
      names.set(g.id, g.text);
      for (const a of g.assignments) names.set(a.id, a.text);
    }
  }
  const headingId = uid('unit-actions');
  const section = h('section', { class: 'unit-actions' }, h('h2', { id: headingId }, t('unitActions')), h('p', { class: 'muted' }, t('unitActionsLead')));
  if (list.actions.length === 0) {
    section.append(h('p', { class: 'muted' }, t('noActions')));
    return section;
  }
  const col = (text: string) => h('th', { scope: 'col' }, text);
  section.append(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table action-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, col(t('actionWhat')), col(t('responsible')), col(t('actionDue')), col(t('status')), col(t('unit')), col(t('actionAbout')))),
        h(
          'tbody',
          null,
          ...list.actions.map((a) => {
            const scope = { period: a.period, unit: a.unit };
            const href = a.subject_kind === 'indicator' ? hrefFor('indikator', scope, a.subject_id) : hrefFor('malstyrning', scope);
            return h(
              'tr',
              { 'data-action': a.id, class: isOverdue(a) ? 'overdue' : null },
              h('th', { scope: 'row' }, a.what),
              h('td', null, a.responsible),
              h('td', { class: 'nowrap' }, a.due ?? ''),
              h('td', null, actionState(a)),
              h('td', null, a.unit_ref?.name ?? a.unit),
              h('td', null, h('a', { href, 'data-subject': a.subject_id }, names.get(a.subject_id) ?? a.subject_id), ` (${a.period})`),
            );
          }),
        ),
      ),
    ),
  );
  return section;
}
