// Enhet: one unit's scorecard, its children and the way back up the tree.
import type { Scorecard, UnitsResponse } from '../api';
import { get } from '../api';
import { periodEndDate } from '../format';
import { t, tr } from '../i18n';
import type { Context } from '../main';
import { h, hrefFor, scopeHeading, scorecardTables } from '../ui';
import { toolbar } from './overview';

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
  const children = h(
    'section',
    { class: 'children' },
    h('h2', null, t('children')),
    kids.length === 0
      ? h('p', { class: 'muted' }, t('noChildren'))
      : h(
          'ul',
          { class: 'child-list' },
          ...kids.map((u) =>
            h('li', null, h('a', { href: hrefFor('enhet', { ...scope, unit: u!.id }, u!.id), 'data-unit': u!.id }, u!.name), h('span', { class: 'muted' }, ` – ${tr(`kind_${u!.kind}`)}`)),
          ),
        ),
  );
  ctx.main.replaceChildren(
    crumbs,
    scopeHeading(t('unit'), card.unit.name, card.period),
    facts,
    toolbar({ ...ctx, scope, go: (_page, s) => ctx.go('enhet', s, s.unit ?? id) }, units, 'enhet'),
    children,
    scorecardTables(card.rows, ctx.info.perspectives, scope),
  );
}
