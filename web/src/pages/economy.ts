// Ekonomi (issue 16): budget, outcome (utfall) and forecast of a unit and the units
// directly below it, in tkr, January through the period's last month (GET /api/economy),
// as the seed's "Sammanställning budget, ekonomiskt resultat och prognos"; a row that
// has units below it leads to the same page for it, a breadcrumb leads back. Below it:
// the accumulated deviation by month (a uPlot chart readable without colour, and the
// same months as a table), the unit's accounts, the computed against the booked
// capitation of the health centres under the unit (GET /api/economy/capitation) and the
// configured price models of next year side by side (GET /api/economy/whatif).
//   #/ekonomi?year=2024&period=2024-T1&unit=nsh
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UnitRef, UnitsResponse } from '../api';
import { ApiError, get, isSessionLost } from '../api';
import type { Context } from '../context';
import { downloadButtons, type CsvTable } from '../download';
import { describePeriod, formatNumber, parsePeriod, periodEndDate } from '../format';
import { currentLang, t, type TextKey } from '../i18n';
import { toolbar } from '../toolbar';
import { errorBox, h, uid } from '../ui';
import '../economy.css';

// --- the contract's answers (/work/briefs/economy_api.md) ----------------------------

interface EcoRow {
  unit: UnitRef;
  level: number;
  budget_year: number | null;
  budget_ytd: number | null;
  actual_ytd: number | null;
  deviation_ytd: number | null;
  forecast: number | null;
  forecast_deviation: number | null;
  forecast_made_in: string | null;
  revenue_budget_ytd: number | null;
  revenue_actual_ytd: number | null;
  cost_budget_ytd: number | null;
  cost_actual_ytd: number | null;
  has_children: boolean;
}
interface EcoMonth {
  month: string;
  budget: number | null;
  actual: number | null;
  deviation_accumulated: number | null;
  forecast: number | null;
}
interface EcoAccount {
  account: string;
  name: string;
  kind: 'revenue' | 'cost';
  budget_ytd: number | null;
  actual_ytd: number | null;
  deviation_ytd: number | null;
}
interface Economy {
  year: number;
  period: string;
  through: string;
  unit: UnitRef;
  rows: EcoRow[];
  months: EcoMonth[];
  accounts: EcoAccount[];
}
interface CapitationUnit {
  unit: UnitRef;
  care_points: number | null;
  computed: number | null;
  booked: number | null;
  difference: number | null;
  difference_share: number | null;
}
interface Capitation {
  year: number;
  period: string;
  through: string;
  price: number;
  units: CapitationUnit[];
  total: { computed: number | null; booked: number | null; difference: number | null };
}
interface WhatIf {
  year: number;
  base_year: number;
  models: { id: string; name: string; price: number; description: string }[];
  rows: { unit: UnitRef; level: number; base_result: number | null; results: (number | null)[]; revenues: (number | null)[] }[];
}

// --- formats --------------------------------------------------------------------------

// An amount in tkr with one decimal and a real minus (U+2212) in both languages:
// −1 234,5 (Swedish Intl writes one already, English a hyphen).
export function tkr(v: number | null | undefined): string {
  return formatNumber(v, 1).replace(/^-/, '\u2212');
}

// A share (−0.0123) as a percentage with two decimals: −1,23 %.
function share(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${formatNumber(v * 100, 2).replace(/^-/, '\u2212')}\u00a0%`;
}

// A capitation difference above this share of the computed is marked.
const largeShare = 0.005;

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// "Budget helår (tkr)": a column header naming its unit.
const inTkr = (key: TextKey) => `${t(key)} (${t('ecoTkr')})`;

function monthName(m: string): string {
  const i = Number(m.slice(5, 7));
  return `${t('months')[i - 1] ?? m} ${m.slice(0, 4)}`;
}

// The page's own address: year, period, unit and language.
export function economyHref(year: number, period: string, unit: string): string {
  const q = new URLSearchParams({ year: String(year), period, unit, lang: currentLang() });
  return `#/ekonomi?${q.toString()}`;
}

// A cell with an amount: the formatted text, the API's number in data-value.
function amountCell(v: number | null | undefined, col: string): HTMLElement {
  return h('td', { class: 'num', 'data-col': col, 'data-value': v === null || v === undefined ? '' : String(v) }, tkr(v));
}

function tableSection(cls: string, title: string, ...body: (Node | null)[]): { section: HTMLElement; headingId: string } {
  const headingId = uid(`${cls}-heading`);
  const section = h('section', { class: `eco-section ${cls}`, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...body);
  return { section, headingId };
}

// --- the page -------------------------------------------------------------------------

// The period asked for: the address's period, or its year alone (the whole year), or
// the shared period.
function chosenPeriod(ctx: Context): string {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const year = q.get('year');
  if (!q.get('period') && year && /^\d{4}$/.test(year)) return year;
  return ctx.scope.period;
}

export async function renderEconomy(ctx: Context): Promise<void> {
  const period = chosenPeriod(ctx);
  const scope = { period, unit: ctx.scope.unit };
  const year = parsePeriod(period)?.year ?? ctx.info.last_year;
  const [eco, units] = await Promise.all([
    get<Economy>('economy', { year, period, unit: scope.unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) || undefined }),
  ]);
  const self = eco.rows.find((r) => r.level === 0);
  const view = ctx.main;
  view.replaceChildren(
    h('h1', null, `${t('economy')}: ${eco.unit.name}, ${describePeriod(eco.period)}`),
    toolbar({ ...ctx, scope }, units, 'ekonomi'),
    breadcrumb(units, eco, year),
    h(
      'p',
      { class: 'lead' },
      fill(t('ecoLead'), { through: monthName(eco.through) }),
      ' ',
      self?.forecast_made_in ? fill(t('ecoForecastMade'), { month: monthName(self.forecast_made_in) }) : fill(t('ecoNoForecast'), { month: monthName(eco.through) }),
    ),
    summaryTable(eco, year),
    deviationChart(eco),
    monthsTable(eco),
    accountsTable(eco),
    capitationSection(year, eco),
    whatIfSection(year),
  );
}

// The way from the administration down to the unit shown, each step a link but the last.
function breadcrumb(units: UnitsResponse, eco: Economy, year: number): HTMLElement {
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const chain: { id: string; name: string }[] = [];
  const seen = new Set<string>();
  for (let u = byId.get(eco.unit.id); u && !seen.has(u.id); u = u.parent ? byId.get(u.parent) : undefined) {
    seen.add(u.id);
    chain.unshift(u);
    if (u.id === units.administration) break;
  }
  if (chain.length === 0) chain.push(eco.unit);
  return h(
    'nav',
    { class: 'breadcrumbs eco-breadcrumbs', 'aria-label': t('path') },
    h(
      'ol',
      null,
      ...chain.map((u) =>
        h('li', null, u.id === eco.unit.id ? h('span', { 'aria-current': 'page' }, u.name) : h('a', { href: economyHref(year, eco.period, u.id) }, u.name)),
      ),
    ),
  );
}

// Sammanställning: the unit first, then each unit below it with a ledger.
function summaryTable(eco: Economy, year: number): HTMLElement {
  const cols: [TextKey, keyof EcoRow, string][] = [
    ['ecoBudgetYear', 'budget_year', 'budget_year'],
    ['ecoBudgetYtd', 'budget_ytd', 'budget_ytd'],
    ['ecoActualYtd', 'actual_ytd', 'actual_ytd'],
    ['ecoDeviationYtd', 'deviation_ytd', 'deviation_ytd'],
    ['ecoForecast', 'forecast', 'forecast'],
    ['ecoForecastDeviation', 'forecast_deviation', 'forecast_deviation'],
  ];
  const csv = (): CsvTable => ({
    header: [t('unit'), t('csvUnitId'), ...cols.map(([k]) => inTkr(k)), t('ecoForecastMadeIn')],
    rows: eco.rows.map((r) => [r.unit.name, r.unit.id, ...cols.map(([, f]) => r[f] as number | null), r.forecast_made_in]),
  });
  const { section, headingId } = tableSection('eco-summary', t('ecoSummary'));
  section.append(
    h('div', { class: 'table-actions' }, downloadButtons(t('ecoSummary'), () => ['ekonomi', eco.unit.id, eco.period], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table eco-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('unit')), ...cols.map(([k]) => h('th', { scope: 'col', class: 'num' }, t(k), h('span', { class: 'eco-unit' }, ` (${t('ecoTkr')})`))))),
        h(
          'tbody',
          null,
          ...eco.rows.map((r) =>
            h(
              'tr',
              { 'data-unit': r.unit.id, 'data-level': r.level, class: r.level === 0 ? 'eco-self' : 'eco-child' },
              h(
                'th',
                { scope: 'row' },
                r.level > 0 && r.has_children
                  ? h('a', { href: economyHref(year, eco.period, r.unit.id), class: 'eco-drill' }, r.unit.name)
                  : r.unit.name,
              ),
              ...cols.map(([, f, col]) => amountCell(r[f] as number | null, col)),
            ),
          ),
        ),
      ),
    ),
  );
  return section;
}

// The accumulated deviation (utfall − budget) by month, the full-year forecast's
// deviation from the budget as a second line, and zero: three line styles (solid with
// points, dashed, dotted), each named in the legend, every month named on the axis.
function deviationChart(eco: Economy): HTMLElement {
  const months = eco.months;
  const self = eco.rows.find((r) => r.level === 0);
  const budgetYear = self?.budget_year ?? null;
  const captionId = uid('eco-chart-caption');
  const figure = h('figure', { class: 'chart eco-chart' });
  figure.append(h('figcaption', { id: captionId }, `${fill(t('ecoChart'), { year: eco.year })} (${eco.unit.name}, ${t('ecoTkr')})`));
  const holder = h('div', { class: 'chart-canvas', role: 'img', 'aria-labelledby': captionId });
  figure.append(holder);
  const legend = h(
    'ul',
    { class: 'eco-legend' },
    h('li', null, h('span', { class: 'eco-swatch eco-swatch-solid', 'aria-hidden': 'true' }), `${t('ecoSeriesDeviation')} (${t('ecoLineSolid')})`),
    h('li', null, h('span', { class: 'eco-swatch eco-swatch-dashed', 'aria-hidden': 'true' }), `${t('ecoSeriesForecast')} (${t('ecoLineDashed')})`),
    h('li', null, h('span', { class: 'eco-swatch eco-swatch-dotted', 'aria-hidden': 'true' }), `${t('ecoSeriesZero')} (${t('ecoLineDotted')})`),
  );
  figure.append(legend);
  const xs = months.map((_, i) => i);
  const short = t('monthsShort');
  const fmt = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : tkr(v));
  const forecastDeviation = months.map((m) => (m.forecast === null || m.forecast === undefined || budgetYear === null ? null : Math.round((m.forecast - budgetYear) * 10) / 10));
  const opts: uPlot.Options = {
    width: 720,
    height: 300,
    legend: { show: false },
    scales: { x: { time: false, range: [-0.5, Math.max(0, months.length - 0.5)] } },
    axes: [
      {
        splits: () => xs,
        values: (_u, splits) => splits.map((s) => short[Number(months[s]?.month.slice(5, 7)) - 1] ?? ''),
        stroke: '#333',
        font: '11px system-ui, sans-serif',
        gap: 4,
      },
      { values: (_u, splits) => splits.map((s) => tkr(s)), size: 72, stroke: '#333', font: '11px system-ui, sans-serif' },
    ],
    series: [
      { label: t('month'), value: (_u, v) => (v == null ? '' : monthName(months[v]?.month ?? '')) },
      { label: t('ecoSeriesDeviation'), stroke: '#0b4f71', width: 2.5, points: { show: true, size: 6, fill: '#0b4f71' }, value: fmt },
      { label: t('ecoSeriesForecast'), stroke: '#8a1c1c', width: 2, dash: [8, 5], points: { show: false }, value: fmt },
      { label: t('ecoSeriesZero'), stroke: '#545b64', width: 1.5, dash: [2, 4], points: { show: false }, value: fmt },
    ],
  };
  const data = [xs, months.map((m) => m.deviation_accumulated), forecastDeviation, months.map(() => 0)] as uPlot.AlignedData;
  holder.dataset.months = String(months.length);
  holder.dataset.first = months[0]?.month ?? '';
  holder.dataset.last = months[months.length - 1]?.month ?? '';
  requestAnimationFrame(() => {
    const fit = () => Math.max(280, Math.min(900, holder.clientWidth || 720));
    // On a narrow screen the month names stand on end, so that every one has room.
    const sized = (w: number): uPlot.Options => {
      const narrow = w < 560;
      const x = { ...opts.axes![0], rotate: narrow ? -90 : 0, size: narrow ? 44 : 30 };
      return { ...opts, width: w, axes: [x, opts.axes![1]] };
    };
    let plot = new uPlot(sized(fit()), data, holder);
    let narrow = fit() < 560;
    new ResizeObserver(() => {
      const w = fit();
      if (w === plot.width) return;
      if ((w < 560) !== narrow) {
        narrow = w < 560;
        plot.destroy();
        plot = new uPlot(sized(w), data, holder);
      } else {
        plot.setSize({ width: w, height: opts.height });
      }
    }).observe(holder);
  });
  return figure;
}

// The chart's months as a table (for screen readers, and to read the figures).
function monthsTable(eco: Economy): HTMLElement {
  const { section, headingId } = tableSection('eco-months', fill(t('ecoMonthsTable'), { year: eco.year }));
  const csv = (): CsvTable => ({
    header: [t('month'), inTkr('ecoMonthBudget'), inTkr('ecoMonthActual'), inTkr('ecoDeviationAcc'), inTkr('ecoForecast')],
    rows: eco.months.map((m) => [m.month, m.budget, m.actual, m.deviation_accumulated, m.forecast]),
  });
  section.append(
    h('div', { class: 'table-actions' }, downloadButtons(fill(t('ecoMonthsTable'), { year: eco.year }), () => ['ekonomi', eco.unit.id, 'manader', eco.period], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table eco-table', 'aria-labelledby': headingId },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('month')),
            ...(['ecoMonthBudget', 'ecoMonthActual', 'ecoDeviationAcc', 'ecoForecast'] as TextKey[]).map((k) => h('th', { scope: 'col', class: 'num' }, inTkr(k))),
          ),
        ),
        h(
          'tbody',
          null,
          ...eco.months.map((m) =>
            h(
              'tr',
              { 'data-month': m.month },
              h('th', { scope: 'row' }, monthName(m.month)),
              amountCell(m.budget, 'budget'),
              amountCell(m.actual, 'actual'),
              amountCell(m.deviation_accumulated, 'deviation_accumulated'),
              amountCell(m.forecast, 'forecast'),
            ),
          ),
        ),
      ),
    ),
  );
  return section;
}

// The unit's accounts, revenues first, each with budget, outcome and deviation.
function accountsTable(eco: Economy): HTMLElement {
  const { section, headingId } = tableSection('eco-accounts', t('ecoAccounts'));
  const kinds: ['revenue' | 'cost', TextKey][] = [['revenue', 'ecoRevenues'], ['cost', 'ecoCosts']];
  const ordered = kinds.flatMap(([k]) => eco.accounts.filter((a) => a.kind === k));
  const csv = (): CsvTable => ({
    header: [t('ecoAccount'), t('ecoAccountId'), t('ecoKind'), inTkr('ecoBudgetYtd'), inTkr('ecoActualYtd'), inTkr('ecoDeviationYtd')],
    rows: ordered.map((a) => [a.name, a.account, t(a.kind === 'revenue' ? 'ecoRevenue' : 'ecoCost'), a.budget_ytd, a.actual_ytd, a.deviation_ytd]),
  });
  if (eco.accounts.length === 0) {
    section.append(h('p', { class: 'muted' }, t('ecoNoAccounts')));
    return section;
  }
  section.append(
    h('p', { class: 'muted small' }, fill(t('ecoAccountsLead'), { through: monthName(eco.through) })),
    h('div', { class: 'table-actions' }, downloadButtons(t('ecoAccounts'), () => ['ekonomi', eco.unit.id, 'konton', eco.period], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table eco-table', 'aria-labelledby': headingId },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('ecoAccount')),
            ...(['ecoBudgetYtd', 'ecoActualYtd', 'ecoDeviationYtd'] as TextKey[]).map((k) => h('th', { scope: 'col', class: 'num' }, inTkr(k))),
          ),
        ),
        ...kinds
          .filter(([k]) => eco.accounts.some((a) => a.kind === k))
          .map(([k, label]) =>
            h(
              'tbody',
              { 'data-kind': k },
              h('tr', { class: 'eco-group' }, h('th', { scope: 'colgroup', colspan: 4 }, t(label))),
              ...eco.accounts
                .filter((a) => a.kind === k)
                .map((a) =>
                  h(
                    'tr',
                    { 'data-account': a.account },
                    h('th', { scope: 'row' }, a.name, h('span', { class: 'muted small eco-account-id' }, ` ${a.account}`)),
                    amountCell(a.budget_ytd, 'budget_ytd'),
                    amountCell(a.actual_ytd, 'actual_ytd'),
                    amountCell(a.deviation_ytd, 'deviation_ytd'),
                  ),
                ),
            ),
          ),
      ),
    ),
  );
  return section;
}

// A section filled when its answer comes; an answer that is an error is shown in it
// (a 4xx as the server's sentence, the rest as an error box).
function laterSection(cls: string, title: string, load: (body: HTMLElement, headingId: string) => Promise<void>): HTMLElement {
  const body = h('div', { class: 'eco-later' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  const { section, headingId } = tableSection(cls, title, body);
  load(body, headingId).catch((e) => {
    if (isSessionLost(e)) return;
    body.replaceChildren(e instanceof ApiError && e.status >= 400 && e.status < 500 ? h('p', { class: 'muted eco-unavailable' }, e.message) : errorBox(e));
  });
  return section;
}

// Beräknad mot bokförd vårdpeng, per health centre under the unit.
function capitationSection(year: number, eco: Economy): HTMLElement {
  return laterSection('eco-capitation', t('ecoCapitation'), async (body, headingId) => {
    const cap = await get<Capitation>('economy/capitation', { year, period: eco.period, unit: eco.unit.id });
    if (cap.units.length === 0) {
      body.replaceChildren(h('p', { class: 'muted' }, t('ecoNoCentres')));
      return;
    }
    const isLarge = (u: CapitationUnit) => u.difference_share !== null && Math.abs(u.difference_share) > largeShare;
    const csv = (): CsvTable => ({
      header: [t('ecoHealthCentre'), t('csvUnitId'), fill(t('ecoCarePoints'), { month: cap.through }), inTkr('ecoComputed'), inTkr('ecoBooked'), inTkr('ecoDifference'), t('ecoShareCsv'), t('ecoMark')],
      rows: [
        ...cap.units.map((u) => [u.unit.name, u.unit.id, u.care_points, u.computed, u.booked, u.difference, u.difference_share, isLarge(u) ? t('ecoLargeDiff') : '']),
        [t('ecoTotal'), null, null, cap.total.computed, cap.total.booked, cap.total.difference, null, null],
      ],
    });
    const large = cap.units.filter(isLarge).length;
    body.replaceChildren(
      h('p', { class: 'muted small' }, fill(t('ecoCapitationLead'), { price: formatNumber(cap.price, 0), through: monthName(cap.through) })),
      h('p', { class: 'eco-large-count' }, fill(t('ecoLargeCount'), { n: large, count: cap.units.length })),
      h('div', { class: 'table-actions' }, downloadButtons(t('ecoCapitation'), () => ['ekonomi', eco.unit.id, 'vardpeng', eco.period], csv)),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data-table eco-table', 'aria-labelledby': headingId },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('ecoHealthCentre')),
              h('th', { scope: 'col', class: 'num' }, fill(t('ecoCarePoints'), { month: cap.through })),
              ...(['ecoComputed', 'ecoBooked', 'ecoDifference'] as TextKey[]).map((k) => h('th', { scope: 'col', class: 'num' }, inTkr(k))),
              h('th', { scope: 'col', class: 'num' }, t('ecoShare')),
              h('th', { scope: 'col' }, t('ecoMark')),
            ),
          ),
          h(
            'tbody',
            null,
            ...cap.units.map((u) =>
              h(
                'tr',
                { 'data-unit': u.unit.id, class: isLarge(u) ? 'eco-large' : null },
                h('th', { scope: 'row' }, u.unit.name),
                h('td', { class: 'num', 'data-col': 'care_points', 'data-value': u.care_points ?? '' }, formatNumber(u.care_points, 1)),
                amountCell(u.computed, 'computed'),
                amountCell(u.booked, 'booked'),
                amountCell(u.difference, 'difference'),
                h('td', { class: 'num', 'data-col': 'difference_share', 'data-value': u.difference_share ?? '' }, share(u.difference_share)),
                h(
                  'td',
                  { 'data-col': 'mark' },
                  isLarge(u)
                    ? h('span', { class: 'eco-flag' }, h('span', { class: 'eco-flag-icon', 'aria-hidden': 'true' }, '⚠'), ` ${t('ecoLargeDiff')}`)
                    : h('span', { class: 'muted' }, t('ecoSmallDiff')),
                ),
              ),
            ),
          ),
          h(
            'tfoot',
            null,
            h(
              'tr',
              { class: 'eco-total' },
              h('th', { scope: 'row' }, t('ecoTotal')),
              h('td', null, ''),
              amountCell(cap.total.computed, 'computed'),
              amountCell(cap.total.booked, 'booked'),
              amountCell(cap.total.difference, 'difference'),
              h('td', null, ''),
              h('td', null, ''),
            ),
          ),
        ),
      ),
    );
  });
}

// Vad händer om: next year's result of each area (and unit) under each configured price
// model, beside the base year's actual result.
function whatIfSection(year: number): HTMLElement {
  return laterSection('eco-whatif', t('ecoWhatIf'), async (body, headingId) => {
    const w = await get<WhatIf>('economy/whatif', { year: year + 1 });
    const modelHead = (m: WhatIf['models'][number]) => `${m.name} (${formatNumber(m.price, 0)} ${t('ecoKrPerPoint')})`;
    const csv = (): CsvTable => ({
      header: [
        t('unit'),
        t('csvUnitId'),
        t('ecoLevel'),
        `${fill(t('ecoBaseResult'), { year: w.base_year })} (${t('ecoTkr')})`,
        ...w.models.map((m) => `${fill(t('ecoModelResult'), { model: m.name })} (${t('ecoTkr')})`),
        ...w.models.map((m) => `${fill(t('ecoModelRevenue'), { model: m.name })} (${t('ecoTkr')})`),
      ],
      rows: w.rows.map((r) => [r.unit.name, r.unit.id, r.level, r.base_result, ...r.results, ...r.revenues]),
    });
    body.replaceChildren(
      h('p', { class: 'muted small' }, fill(t('ecoWhatIfLead'), { year: w.year, base: w.base_year })),
      h(
        'dl',
        { class: 'eco-models' },
        ...w.models.flatMap((m) => [h('dt', null, modelHead(m)), h('dd', null, m.description || '–')]),
      ),
      h('div', { class: 'table-actions' }, downloadButtons(t('ecoWhatIf'), () => ['ekonomi', 'vad-hander-om', String(w.year)], csv)),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data-table eco-table eco-whatif-table', 'aria-labelledby': headingId },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('unit')),
              h('th', { scope: 'col', class: 'num' }, `${fill(t('ecoBaseResult'), { year: w.base_year })} (${t('ecoTkr')})`),
              ...w.models.map((m) => h('th', { scope: 'col', class: 'num', 'data-model': m.id }, `${fill(t('ecoModelResult'), { model: m.name })} (${t('ecoTkr')})`)),
            ),
          ),
          h(
            'tbody',
            null,
            ...w.rows.map((r) =>
              h(
                'tr',
                { 'data-unit': r.unit.id, 'data-level': r.level, class: `eco-level-${Math.min(2, r.level)}` },
                h('th', { scope: 'row' }, r.unit.name),
                amountCell(r.base_result, 'base_result'),
                ...r.results.map((v, i) => amountCell(v, `result-${w.models[i]?.id ?? i}`)),
              ),
            ),
          ),
        ),
      ),
    );
  });
}
