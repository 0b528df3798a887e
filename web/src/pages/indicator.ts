// Indikator: the monthly trend against the target and the previous year, the
// figures behind it, the trend over the plan years, the unit among its peers, the
// breakdown by unit (sortable), the definition and the analysis of the year.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Breakdown, Indicator, Series, UnitsResponse } from '../api';
import { ApiError, get } from '../api';
import { commentAccess } from '../access';
import type { Context } from '../context';
import { downloadButtons, resultCells, resultHeader } from '../download';
import { describePeriod, formatCount, formatValue, indicatorDecimals, parsePeriod, periodEndDate, statusBadge, statusText } from '../format';
import { t, tr } from '../i18n';
import { indicatorToolbar, toolbar } from '../toolbar';
import { h, hrefFor, targetInfo, uid } from '../ui';
import { analysisBox, loadAnalyses } from '../analysis';
import { peersSection } from '../peers';
import { trendSection } from '../trend';

type BreakRow = Breakdown['children'][number];

function chart(series: Series): HTMLElement {
  const ind = series.indicator;
  const figure = h('figure', { class: 'chart' });
  const captionId = uid('chart-caption');
  figure.append(h('figcaption', { id: captionId }, `${t('chartCaption')} (${series.unit.name}, ${series.year})`));
  const holder = h('div', { class: 'chart-canvas', role: 'img', 'aria-labelledby': captionId });
  figure.append(holder);
  const xs = series.months.map((m) => Number(m.month.slice(5)));
  const val = series.months.map((m) => m.value);
  const tgt = series.months.map((m) => m.target);
  const prev = series.months.map((m) => m.previous_year_value);
  // The legend shows a month's figures with that month's digits; the axis the indicator's.
  const axisDecimals = indicatorDecimals(ind.display, ind.decimals);
  const fmt = (_u: uPlot, v: number | null, _s: number, i: number | null) =>
    formatValue(v, ind.display, (i === null ? undefined : series.months[i]?.decimals) ?? axisDecimals);
  const months = t('monthsShort');
  const opts: uPlot.Options = {
    width: 720,
    height: 280,
    scales: { x: { time: false, range: [0.5, 12.5] } },
    axes: [
      {
        splits: () => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        // A narrow chart names every other month, so that the names do not run together.
        values: (u, splits) => splits.map((s) => (u.width < 520 && s % 2 === 0 ? '' : months[s - 1] ?? '')),
        stroke: '#333',
      },
      { values: (_u, splits) => splits.map((s) => formatValue(s, ind.display, axisDecimals)), size: 70, stroke: '#333' },
    ],
    series: [
      { label: t('month'), value: (_u, v) => (v == null ? '' : months[v - 1] ?? '') },
      { label: t('outcome'), stroke: '#1f4e79', width: 2.5, points: { show: true, size: 6 }, value: fmt },
      { label: t('target'), stroke: '#8a1c1c', width: 1.5, dash: [6, 4], points: { show: false }, value: fmt },
      { label: t('previousYear'), stroke: '#6b6b6b', width: 1.5, points: { show: true, size: 4 }, value: fmt },
    ],
  };
  // Draw once the figure is in the document and has a width, and follow its box's
  // width after (a window turned or resized).
  requestAnimationFrame(() => {
    const fit = () => Math.max(260, Math.min(900, holder.clientWidth || 720));
    const plot = new uPlot({ ...opts, width: fit() }, [xs, val, tgt, prev] as uPlot.AlignedData, holder);
    new ResizeObserver(() => {
      if (fit() !== plot.width) plot.setSize({ width: fit(), height: opts.height });
    }).observe(holder);
  });
  return figure;
}

function monthlyTable(series: Series): HTMLElement {
  const ind = series.indicator;
  const months = t('months');
  // The month as 2024-03 in the file: a spreadsheet sorts and reads it as a date.
  const csv = downloadButtons(
    `${t('monthly')} ${series.year}`,
    () => ['indikator', ind.id, series.unit.id, 'manader', String(series.year)],
    () => ({ header: [t('month'), ...resultHeader()], rows: series.months.map((m) => [m.month, ...resultCells(m, ind.display)]) }),
  );
  return h(
    'div',
    { class: 'monthly-wrap' },
    h('div', { class: 'table-actions' }, csv),
    monthlyFigures(series, months),
  );
}

function monthlyFigures(series: Series, months: string[]): HTMLElement {
  const ind = series.indicator;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table monthly' },
      h('caption', null, `${t('monthly')} ${series.year}`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('month')),
          h('th', { scope: 'col', class: 'num' }, t('outcome')),
          h('th', { scope: 'col', class: 'target-cell' }, t('target')),
          h('th', { scope: 'col' }, t('status')),
          h('th', { scope: 'col', class: 'num' }, t('previousYear')),
          h('th', { scope: 'col', class: 'num' }, t('numerator')),
          h('th', { scope: 'col', class: 'num' }, t('denominator')),
          h('th', { scope: 'col', class: 'num' }, t('n')),
        ),
      ),
      h(
        'tbody',
        null,
        ...series.months.map((m) =>
          h(
            'tr',
            { 'data-month': m.month },
            h('th', { scope: 'row' }, months[Number(m.month.slice(5)) - 1]),
            h('td', { class: 'num', 'data-col': 'value' }, formatValue(m.value, ind.display, m.decimals)),
            h('td', { class: 'target-cell' }, targetInfo(m)),
            h('td', { 'data-col': 'status', 'data-status': m.status }, statusBadge(m.status)),
            h('td', { class: 'num', 'data-col': 'previous' }, formatValue(m.previous_year_value, ind.display, m.decimals)),
            h('td', { class: 'num', 'data-col': 'numerator' }, formatCount(m.numerator)),
            h('td', { class: 'num', 'data-col': 'denominator' }, formatCount(m.denominator)),
            h('td', { class: 'num', 'data-col': 'n' }, formatCount(m.n)),
          ),
        ),
      ),
    ),
  );
}

// The breakdown table; column headers are buttons that sort (aria-sort tells which).
function breakdownTable(b: Breakdown, ctx: Context): HTMLElement {
  const ind = b.indicator;
  type Col = { key: string; label: string; num: boolean; get: (r: BreakRow) => number | string | null; cls?: string };
  const order = ['met', 'near', 'not_met', 'suppressed', 'no_data', 'no_target'];
  const cols: Col[] = [
    { key: 'unit', label: t('unit'), num: false, get: (r) => r.unit.name },
    { key: 'value', label: t('outcome'), num: true, get: (r) => r.value },
    // Sorted by the threshold applied, the text shown is the server's.
    { key: 'target', label: t('target'), num: true, get: (r) => r.target, cls: 'target-cell' },
    { key: 'status', label: t('status'), num: false, get: (r) => order.indexOf(r.status) },
    { key: 'previous', label: t('previousYear'), num: true, get: (r) => r.previous_year_value },
    { key: 'numerator', label: t('numerator'), num: true, get: (r) => r.numerator },
    { key: 'denominator', label: t('denominator'), num: true, get: (r) => r.denominator },
    { key: 'n', label: t('n'), num: true, get: (r) => r.n },
  ];
  let sortKey = 'unit';
  let asc = true;
  const tbody = h('tbody');
  const headRow = h('tr');
  const section = h('section', { class: 'breakdown' }, h('h2', null, `${t('breakdown')}: ${b.total.unit.name}, ${describePeriod(b.period)}`));

  // The rows in the order shown, which the CSV file keeps.
  let shown: BreakRow[] = b.children;
  const renderBody = () => {
    const col = cols.find((c) => c.key === sortKey)!;
    const rows = [...b.children].sort((x, y) => {
      const a = col.get(x);
      const c = col.get(y);
      if (a === null && c === null) return 0;
      if (a === null) return 1; // missing values last either way
      if (c === null) return -1;
      const d = typeof a === 'string' ? a.localeCompare(String(c), 'sv') : (a as number) - (c as number);
      return asc ? d : -d;
    });
    shown = rows;
    tbody.replaceChildren(
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-unit': r.unit.id },
          h(
            'th',
            { scope: 'row' },
            h('a', { href: hrefFor('indikator', { ...ctx.scope, unit: r.unit.id }, ind.id) }, r.unit.name),
            r.unit.ownership === 'private' ? h('span', { class: 'muted' }, ` (${t('private')})`) : null,
          ),
          h('td', { class: 'num', 'data-col': 'value' }, formatValue(r.value, ind.display, r.decimals)),
          h('td', { class: 'target-cell' }, targetInfo(r)),
          h('td', { 'data-col': 'status', 'data-status': r.status }, statusBadge(r.status)),
          h('td', { class: 'num', 'data-col': 'previous' }, formatValue(r.previous_year_value, ind.display, r.decimals)),
          h('td', { class: 'num' }, formatCount(r.numerator)),
          h('td', { class: 'num' }, formatCount(r.denominator)),
          h('td', { class: 'num' }, formatCount(r.n)),
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
            asc = !c.num;
          }
          renderBody();
          (headRow.querySelector(`[data-sort="${c.key}"]`) as HTMLElement).focus();
        });
        return h('th', { scope: 'col', class: c.cls ?? (c.num ? 'num' : null), 'aria-sort': active ? (asc ? 'ascending' : 'descending') : null }, button);
      }),
    );
  };
  renderBody();
  if (b.children.length === 0) {
    section.append(h('p', { class: 'muted' }, t('noChildren')));
    return section;
  }
  const csv = downloadButtons(
    t('breakdown'),
    () => ['indikator', ind.id, b.total.unit.id, b.period],
    () => ({
      header: [t('unit'), t('csvUnitId'), ...resultHeader()],
      rows: shown.map((r) => [r.unit.name + (r.unit.ownership === 'private' ? ` (${t('private')})` : ''), r.unit.id, ...resultCells(r, ind.display)]),
    }),
  );
  section.append(
    h('div', { class: 'table-actions' }, csv),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table sortable' }, h('thead', null, headRow), tbody)),
  );
  return section;
}

// "vårdcentraler, filialer och tjänster": the unit kinds an indicator is followed up for.
function kindList(kinds: string[]): string {
  const names = kinds.map((k) => tr(`kinds_${k}`));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${t('and')} ${names[names.length - 1]}`;
}

// Figures and target of the whole unit for the period, one group per fact.
function summary(b: Breakdown, period: string): HTMLElement {
  const ind = b.indicator;
  const total = b.total;
  const fact = (label: string, value: Node | string, attrs: Record<string, string> = {}) =>
    h('div', { class: 'fact', ...attrs }, h('dt', null, label), h('dd', null, value));
  return h(
    'dl',
    { class: 'summary' },
    fact(`${t('outcome')} ${describePeriod(period)}`, h('span', { 'data-col': 'value' }, formatValue(total.value, ind.display, total.decimals))),
    fact(t('target'), targetInfo(total), { class: 'fact fact-target' }),
    fact(t('status'), statusBadge(total.status), { 'data-status': total.status }),
    fact(t('previousYear'), h('span', { 'data-col': 'previous' }, formatValue(total.previous_year_value, ind.display, total.decimals))),
    fact(t('numerator'), h('span', { 'data-col': 'numerator' }, formatCount(total.numerator))),
    fact(t('denominator'), h('span', { 'data-col': 'denominator' }, formatCount(total.denominator))),
    fact(t('n'), h('span', { 'data-col': 'n' }, formatCount(total.n))),
  );
}

export async function renderIndicator(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const year = parsePeriod(period)?.year ?? ctx.info.last_year;
  const [catalogue, units] = await Promise.all([
    get<{ indicators: Indicator[] }>('catalogue'),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
  ]);
  const id = ctx.id ?? catalogue.indicators[0].id;
  // An indicator that does not apply to the unit (a chat service's figures at a health
  // centre) has no series or breakdown there: the server answers 404
  // indicator_not_for_unit, and the page says so with its pickers still at hand.
  let figures: [Series, Breakdown] | null = null;
  try {
    figures = await Promise.all([
      get<Series>('series', { indicator: id, unit, year }),
      get<Breakdown>('breakdown', { indicator: id, unit, period }),
    ]);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'indicator_not_for_unit')) throw e;
  }
  const ind = figures?.[0].indicator ?? catalogue.indicators.find((i) => i.id === id);
  if (!ind) throw new Error(id);
  const unitName = figures?.[0].unit.name ?? units.units.find((u) => u.id === unit)?.name ?? unit;
  const pickers = [
    indicatorToolbar(ctx, catalogue.indicators, id),
    toolbar(ctx, units, 'indikator'),
  ];
  const definition = h('section', { class: 'definition' }, h('h2', null, t('definition')), h('p', null, ind.definition));

  if (!figures) {
    ctx.main.replaceChildren(
      h('h1', null, `${ind.name}: ${unitName}`),
      h('p', { class: 'lead' }, `${tr(`perspective_${ind.perspective}`)} · ${describePeriod(period)}`),
      ...pickers,
      h(
        'div',
        { class: 'notice not-for-unit', role: 'status' },
        h('p', null, h('strong', null, t('notForUnit'))),
        ind.applies_to.length > 0 ? h('p', null, `${t('appliesTo')} ${kindList(ind.applies_to)}.`) : null,
      ),
      definition,
    );
    return;
  }
  const [series, breakdown] = figures;
  ctx.main.replaceChildren(
    h('h1', null, `${ind.name}: ${unitName}`),
    h('p', { class: 'lead' }, `${tr(`perspective_${ind.perspective}`)} · ${describePeriod(period)} · ${statusText(breakdown.total.status)}`),
    ...pickers,
    summary(breakdown, period),
    definition,
    chart(series),
    monthlyTable(series),
    trendSection(ind.id, unit, period),
    peersSection(ind.id, unit, period),
    breakdownTable(breakdown, ctx),
    h('section', { class: 'comments' }, h('h2', null, t('comments')), analysisBox('indicator', ind.id, unit, period, loadAnalyses('indicator', unit, period, ind.id), true, commentAccess(ctx.me, unit, units.units))),
  );
}
