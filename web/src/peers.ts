// The unit among its peers for one indicator and period (issue 15, GET /api/peers): a
// horizontal ranking bar chart, best first, the unit's bar patterned and outlined and
// its name bold and marked (not colour alone), the median as a line and the middle
// half (first to third quartile) as a band, the unit's target as a dashed line; a
// choice "Inom området / Hela regionen"; and the same figures as a sortable table with
// its CSV and Excel downloads. Peers without a value are in the table only.
import type { Peers, PeerRow } from './api';
import { ApiError, get, isSessionLost } from './api';
import { downloadButtons, resultCells, resultHeader } from './download';
import { describePeriod, formatValue, indicatorDecimals, statusBadge } from './format';
import { t, tr } from './i18n';
import { errorBox, h, hrefFor, targetInfo, uid } from './ui';
import './follow.css';

type Scope = 'area' | 'region';

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// The section for `indicator` at `unit` in `period`, headed "Jämförelse med liknande
// enheter" (h2) or, inside another section, by `title` (h3).
export function peersSection(indicator: string, unit: string, period: string, headingLevel: 2 | 3 = 2, title?: string): HTMLElement {
  const body = h('div', { class: 'peers-body' });
  const name = uid('peers-scope');
  const radios = (['area', 'region'] as Scope[]).map((s) => {
    const id = uid('peers-scope');
    const input = h('input', { type: 'radio', name, id, value: s, checked: s === 'area' });
    input.addEventListener('change', () => {
      if (input.checked) void draw(s);
    });
    return h('label', { for: id }, input, s === 'area' ? t('scopeArea') : t('scopeRegion'));
  });
  const headingId = uid('peers-heading');
  const section = h(
    'section',
    { class: 'peers', 'aria-labelledby': headingId, 'data-indicator': indicator },
    h(headingLevel === 2 ? 'h2' : 'h3', { id: headingId }, title ?? t('peers')),
    h('fieldset', { class: 'peers-scope' }, h('legend', null, t('peersScope')), ...radios),
    body,
  );
  const draw = async (scope: Scope) => {
    body.setAttribute('aria-busy', 'true');
    try {
      const p = await get<Peers>('peers', { indicator, period, unit, scope });
      body.replaceChildren(...peersView(p));
      section.dataset.scope = scope;
    } catch (e) {
      if (isSessionLost(e)) return;
      body.replaceChildren(e instanceof ApiError && e.status === 404 ? h('p', { class: 'muted' }, e.message) : errorBox(e));
    } finally {
      body.removeAttribute('aria-busy');
    }
  };
  void draw('area');
  return section;
}

function peersView(p: Peers): HTMLElement[] {
  const ind = p.indicator;
  const valued = p.peers.filter((r) => r.value !== null);
  const me = p.peers.find((r) => r.is_unit);
  const decimals = Math.max(indicatorDecimals(ind.display, ind.decimals), ...valued.map((r) => r.decimals));
  const fmt = (v: number | null | undefined, d = decimals) => formatValue(v, ind.display, d);
  const target = me?.target ?? null;
  const kinds = tr(`kinds_${p.unit.kind}`);
  const captionId = uid('peers-caption');
  const caption = fill(t('peersCaption'), { unit: p.unit.name, kinds, within: p.within.name, period: describePeriod(p.period) });

  // The scale holds every value, the target and the quartiles, with a margin each side;
  // it starts at zero only when zero is near (peers often differ by a few per cent,
  // which bars from zero would not show). Its ends are written under the bars.
  const all = [...valued.map((r) => r.value as number), ...(target !== null ? [target] : []), ...(p.q1 !== null ? [p.q1] : []), ...(p.q3 !== null ? [p.q3] : [])];
  const min = Math.min(...all, Infinity);
  const max = Math.max(...all, -Infinity);
  const pad = (max - min) * 0.15 || Math.abs(max) * 0.1 || 1;
  const lo = min >= 0 && min - pad * 3 <= 0 ? 0 : min - pad;
  const hi = max <= 0 && max + pad * 3 >= 0 ? 0 : max + pad;
  const span = hi - lo || 1;
  const pos = (v: number) => ((v - lo) / span) * 100;
  // A bar runs from the scale's start (or from zero, when zero is on it).
  const zero = lo <= 0 && hi >= 0 ? pos(0) : 0;
  const mark = (cls: string, v: number | null) => (v === null ? null : h('span', { class: cls, style: `left: ${pos(v).toFixed(2)}%` }));
  const band = p.q1 !== null && p.q3 !== null
    ? h('span', { class: 'peer-band', style: `left: ${pos(Math.min(p.q1, p.q3)).toFixed(2)}%; width: ${Math.abs(pos(p.q3) - pos(p.q1)).toFixed(2)}%` })
    : null;

  const bars = h(
    'ol',
    { class: 'peer-bars', 'aria-labelledby': captionId },
    ...valued.map((r) => {
      const v = r.value as number;
      const left = Math.min(pos(v), zero);
      const width = Math.max(Math.abs(pos(v) - zero), 0.4);
      return h(
        'li',
        { class: `peer-row${r.is_unit ? ' is-unit' : ''}`, 'data-unit': r.unit.id, 'data-value': v },
        h(
          'span',
          { class: 'peer-name' },
          r.is_unit ? h('span', { 'aria-hidden': 'true' }, '▶ ') : null,
          r.unit.name,
          r.is_unit ? h('span', { class: 'sr-only' }, ` (${t('thisUnit')})`) : null,
        ),
        h(
          'span',
          { class: 'peer-track', 'aria-hidden': 'true' },
          band?.cloneNode() ?? null,
          h('span', { class: 'peer-bar', style: `left: ${left.toFixed(2)}%; width: ${width.toFixed(2)}%` }),
          mark('peer-median', p.median),
          mark('peer-target', target),
        ),
        h('span', { class: 'peer-value' }, fmt(v, r.decimals)),
      );
    }),
  );
  const legend = h(
    'ul',
    { class: 'peer-legend' },
    h('li', null, h('span', { class: 'swatch swatch-unit', 'aria-hidden': 'true' }), p.unit.name),
    p.median !== null ? h('li', { class: 'peer-legend-median' }, h('span', { class: 'swatch swatch-median', 'aria-hidden': 'true' }), `${t('median')}: `, h('span', { class: 'peer-median-value', 'data-value': p.median }, fmt(p.median))) : null,
    p.q1 !== null && p.q3 !== null ? h('li', null, h('span', { class: 'swatch swatch-band', 'aria-hidden': 'true' }), `${t('quartiles')}: ${fmt(p.q1)} – ${fmt(p.q3)}`) : null,
    target !== null && me ? h('li', null, h('span', { class: 'swatch swatch-target', 'aria-hidden': 'true' }), `${t('target')}: ${me.target_text}`) : null,
  );
  const scale = h(
    'p',
    { class: 'peer-scale', 'aria-hidden': 'true' },
    h('span', null, fmt(lo)),
    h('span', null, fmt(hi)),
  );
  const facts = h(
    'p',
    { class: 'peers-facts' },
    h('strong', { class: 'peers-rank' }, p.rank !== null ? fill(t('peersRank'), { rank: p.rank, count: p.count }) : t('peersNoRank')),
  );
  const figure = h('figure', { class: 'peers-chart' }, h('figcaption', { id: captionId }, caption), ...(valued.length ? [bars, scale] : [h('p', { class: 'muted' }, t('noData'))]), legend);
  return [facts, figure, peersTable(p, caption)];
}

// The peers as a table: rank, unit, outcome, target, status; the column headers sort.
function peersTable(p: Peers, caption: string): HTMLElement {
  const ind = p.indicator;
  type Col = { key: string; label: string; num: boolean; get: (r: PeerRow) => number | string | null };
  const order = ['met', 'near', 'not_met', 'suppressed', 'no_data', 'no_target'];
  const cols: Col[] = [
    { key: 'rank', label: t('rank'), num: true, get: (r) => r.rank },
    { key: 'unit', label: t('unit'), num: false, get: (r) => r.unit.name },
    { key: 'value', label: t('outcome'), num: true, get: (r) => r.value },
    { key: 'target', label: t('target'), num: true, get: (r) => r.target },
    { key: 'status', label: t('status'), num: false, get: (r) => order.indexOf(r.status) },
  ];
  let sortKey = 'rank';
  let asc = true;
  let shown = p.peers;
  const tbody = h('tbody');
  const headRow = h('tr');
  const render = () => {
    const col = cols.find((c) => c.key === sortKey)!;
    shown = [...p.peers].sort((x, y) => {
      const a = col.get(x);
      const b = col.get(y);
      if (a === null && b === null) return 0;
      if (a === null) return 1;
      if (b === null) return -1;
      const d = typeof a === 'string' ? a.localeCompare(String(b), 'sv') : (a as number) - (b as number);
      return asc ? d : -d;
    });
    tbody.replaceChildren(
      ...shown.map((r) =>
        h(
          'tr',
          { 'data-unit': r.unit.id, class: r.is_unit ? 'is-unit' : null },
          h('td', { class: 'num', 'data-col': 'rank' }, r.rank === null ? '–' : String(r.rank)),
          h('th', { scope: 'row' }, h('a', { href: hrefFor('indikator', { period: p.period, unit: r.unit.id }, ind.id) }, r.unit.name), r.is_unit ? h('span', { class: 'sr-only' }, ` (${t('thisUnit')})`) : null),
          h('td', { class: 'num', 'data-col': 'value' }, formatValue(r.value, ind.display, r.decimals)),
          h('td', { class: 'num target-cell' }, targetInfo(r)),
          h('td', { 'data-col': 'status' }, statusBadge(r.status)),
        ),
      ),
    );
    headRow.replaceChildren(
      ...cols.map((c) => {
        const active = c.key === sortKey;
        const button = h(
          'button',
          { type: 'button', class: 'sort-button', 'data-sort': c.key },
          c.label,
          h('span', { 'aria-hidden': 'true' }, active ? (asc ? ' ▲' : ' ▼') : ' ↕'),
          h('span', { class: 'sr-only' }, active ? ` (${asc ? t('sortAsc') : t('sortDesc')})` : ''),
        );
        button.addEventListener('click', () => {
          if (sortKey === c.key) asc = !asc;
          else {
            sortKey = c.key;
            asc = c.key === 'rank' || !c.num;
          }
          render();
          headRow.querySelector<HTMLElement>(`[data-sort="${c.key}"]`)?.focus();
        });
        return h('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': active ? (asc ? 'ascending' : 'descending') : null }, button);
      }),
    );
  };
  render();
  const csv = downloadButtons(
    t('peers'),
    () => ['jamforelse', ind.id, p.unit.id, p.scope, p.period],
    () => ({
      header: [t('rank'), t('unit'), t('csvUnitId'), ...resultHeader()],
      rows: shown.map((r) => [r.rank, r.unit.name, r.unit.id, ...resultCells(r, ind.display)]),
    }),
  );
  return h(
    'div',
    { class: 'peers-table-wrap' },
    h('div', { class: 'table-actions' }, csv),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table peers-table', 'aria-label': caption }, h('thead', null, headRow), tbody)),
  );
}
