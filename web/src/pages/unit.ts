// Enhet: one unit's scorecard, its children and the way back up the tree.
import type { Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import type { Context } from '../context';
import { downloadButtons, scorecardCsv, type CsvTable } from '../download';
import { periodEndDate } from '../format';
import { t, tr } from '../i18n';
import { statusBadge, statusText } from '../format';
import { toolbar } from '../toolbar';
import { h, hrefFor, scopeHeading, scorecardTables, uid } from '../ui';

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
  );
}
