// The Planering page's geography (issue 17; GET /api/planning/geography, /locate, POST
// /scenarios): the synthetic 1 km grid of Halland as an SVG map, north up, each land
// cell shaded by the distance by road to the nearest health centre (or health centre
// or branch) in five bands, each band with its own pattern over the shade (lighter to
// darker, none to dense cross-hatching) so that the map reads without colour; the
// health centres and branches as markers of two shapes. The coverage per municipality
// is the map's table, the form screen readers are given (the SVG is one image with a
// summary). Below it, where k new units would help most, drawn on the map as numbered
// markers and listed; who may run scenarios may save the proposal as one.
import { get, isSessionLost } from './api';
import { downloadButtons, type CsvTable } from './download';
import { formatNumber } from './format';
import { t, tr } from './i18n';
import { failure, field, fill, postJson, section, type Scenario } from './planning_parts';
import { h, uid } from './ui';

// --- the contract's answers -------------------------------------------------------------

type Nearest = 'health_centre' | 'care';
interface Site {
  id: string;
  name: string;
  branch: boolean;
  e: number;
  n: number;
}
interface Coverage {
  area: string;
  nearest: Nearest;
  residents: number;
  aged_80: number;
  within: number[];
  within_80: number[];
  mean_km: number | null;
  longest_km: number | null;
}
interface Geography {
  year: number;
  factor: number;
  cell_m: number;
  municipalities: string[];
  cells: {
    e: number[];
    n: number[];
    municipality: number[];
    residents: number[];
    aged_80: number[];
    km_health_centre: (number | null)[];
    km_care: (number | null)[];
  };
  sites: Site[];
  coverage: Coverage[];
}
interface Proposed {
  e: number;
  n: number;
  lat: number;
  lon: number;
  municipality: string;
  locality: string;
}
interface Located {
  k: number;
  kind: 'health_centre' | 'branch';
  objective: 'distance' | 'coverage';
  within: number;
  year: number;
  units: Proposed[];
  before: { mean_km: number | null; within_share: number | null };
  after: { mean_km: number | null; within_share: number | null };
  seconds: number;
}

export interface GeographyOptions {
  firstYear: number;
  lastYear: number;
  mayRun: boolean;
  // Called with a proposal saved as a scenario, so that the page offers it to be run.
  scenarioMade: (s: Scenario) => Promise<void>;
}

// --- formats ------------------------------------------------------------------------------

const limits = [5, 10, 15, 20];
// The distance band of a cell: 0 for ≤ 5 km, … 4 for more than 20 km (none: the last).
export function band(km: number | null | undefined): number {
  if (km === null || km === undefined || !Number.isFinite(km)) return 4;
  const i = limits.findIndex((l) => km <= l);
  return i < 0 ? 4 : i;
}
const share = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${formatNumber(v * 100, 1)}\u00a0%`);
const km = (v: number | null | undefined, decimals: number) => formatNumber(v, decimals);

// The bands' shades and patterns: lines (at 45°) `gap` km apart, crossed or not.
const bandLooks = [
  { shade: '#fffbea', gap: 0, cross: false },
  { shade: '#fde7b0', gap: 2.4, cross: false },
  { shade: '#f7c37a', gap: 1.2, cross: false },
  { shade: '#e9944f', gap: 1.6, cross: true },
  { shade: '#c8602c', gap: 0.9, cross: true },
];
const svgNs = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

// --- the map --------------------------------------------------------------------------------

interface MapView {
  figure: HTMLElement;
  legend: HTMLElement;
  shade(nearest: Nearest): void;
  propose(units: Proposed[] | null): void;
}

function mapView(geo: Geography, nearest: Nearest): MapView {
  const c = geo.cells;
  const cellKm = geo.cell_m / 1000;
  const pad = 2;
  const minE = Math.min(...c.e);
  const maxE = Math.max(...c.e);
  const minN = Math.min(...c.n);
  const maxN = Math.max(...c.n);
  const x = (e: number) => (e - minE) / 1000 + pad;
  // The top edge of a cell whose south-west corner is at n; a point's own y.
  const yTop = (n: number) => (maxN - n) / 1000 + pad;
  const y = (n: number) => (maxN + geo.cell_m - n) / 1000 + pad;
  const width = (maxE - minE) / 1000 + cellKm + 2 * pad;
  const height = (maxN - minN) / 1000 + cellKm + 2 * pad;
  const r1 = (v: number) => Math.round(v * 1000) / 1000;

  const ids = bandLooks.map(() => uid('pl-band'));
  const defs = svg('defs');
  bandLooks.forEach((b, i) => {
    const s = b.gap || 4;
    const p = svg('pattern', { id: ids[i], width: s, height: s, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, svg('rect', { width: s, height: s, fill: b.shade }));
    if (b.gap) {
      p.append(svg('line', { x1: s / 2, y1: 0, x2: s / 2, y2: s, stroke: '#2b1d12', 'stroke-width': 0.2 }));
      if (b.cross) p.append(svg('line', { x1: 0, y1: s / 2, x2: s, y2: s / 2, stroke: '#2b1d12', 'stroke-width': 0.2 }));
    }
    defs.append(p);
  });

  const labelId = uid('pl-map-label');
  const map = svg('svg', { viewBox: `0 0 ${r1(width)} ${r1(height)}`, class: 'pl-map', role: 'img', 'aria-labelledby': labelId, preserveAspectRatio: 'xMidYMid meet' });
  const label = svg('title', { id: labelId });
  map.append(label, defs);
  const cellsGroup = svg('g', { class: 'pl-cells', 'shape-rendering': 'crispEdges' });
  const rects: SVGRectElement[] = [];
  for (let i = 0; i < c.e.length; ++i) {
    const r = svg('rect', { x: r1(x(c.e[i])), y: r1(yTop(c.n[i])), width: cellKm, height: cellKm, class: 'pl-cell' });
    rects.push(r);
    cellsGroup.append(r);
  }
  map.append(cellsGroup);

  // The coast and the county border (a land cell's side without a land cell beside it)
  // and the municipal borders (between cells of two municipalities), as thin lines.
  const at = new Map<string, number>();
  c.e.forEach((e, i) => at.set(`${e},${c.n[i]}`, i));
  let outline = '';
  let borders = '';
  const step = geo.cell_m;
  for (let i = 0; i < c.e.length; ++i) {
    const e = c.e[i];
    const n = c.n[i];
    const [l, r, top, bottom] = [x(e), x(e) + cellKm, yTop(n), yTop(n) + cellKm];
    const sides: [number | undefined, string][] = [
      [at.get(`${e + step},${n}`), `M${r1(r)} ${r1(top)}v${cellKm}`],
      [at.get(`${e},${n + step}`), `M${r1(l)} ${r1(top)}h${cellKm}`],
      [at.get(`${e - step},${n}`), `M${r1(l)} ${r1(top)}v${cellKm}`],
      [at.get(`${e},${n - step}`), `M${r1(l)} ${r1(bottom)}h${cellKm}`],
    ];
    sides.forEach(([j, d], side) => {
      if (j === undefined) outline += d;
      else if (side < 2 && c.municipality[j] !== c.municipality[i]) borders += d;
    });
  }
  map.append(
    svg('path', { d: borders, class: 'pl-borders', fill: 'none', stroke: '#1b1f24', 'stroke-width': 1, 'stroke-dasharray': '3 2', 'vector-effect': 'non-scaling-stroke' }),
    svg('path', { d: outline, class: 'pl-outline', fill: 'none', stroke: '#1b1f24', 'stroke-width': 1.2, 'vector-effect': 'non-scaling-stroke' }),
  );

  // Each municipality's name at the middle of its cells.
  const names = svg('g', { class: 'pl-names', 'aria-hidden': 'true' });
  geo.municipalities.forEach((m, k) => {
    let sx = 0;
    let sy = 0;
    let count = 0;
    c.municipality.forEach((mi, i) => {
      if (mi !== k) return;
      sx += x(c.e[i]) + cellKm / 2;
      sy += yTop(c.n[i]) + cellKm / 2;
      ++count;
    });
    if (count) names.append(svg('text', { x: r1(sx / count), y: r1(sy / count), class: 'pl-name', 'text-anchor': 'middle' }, m));
  });
  map.append(names);

  const sites = svg('g', { class: 'pl-sites' });
  for (const s of geo.sites) {
    const sx = r1(x(s.e));
    const sy = r1(y(s.n));
    const mark = s.branch
      ? svg('rect', { x: r1(sx - 1), y: r1(sy - 1), width: 2, height: 2, fill: '#ffffff', stroke: '#0b4f71', 'stroke-width': 0.5 })
      : svg('circle', { cx: sx, cy: sy, r: 1.2, fill: '#0b4f71', stroke: '#ffffff', 'stroke-width': 0.4 });
    sites.append(svg('g', { class: 'pl-site', 'data-kind': s.branch ? 'branch' : 'health_centre', 'data-site': s.id }, svg('title', {}, `${s.name} (${s.branch ? t('plBranch') : t('plHc')})`), mark));
  }
  map.append(sites);
  const proposals = svg('g', { class: 'pl-proposals' });
  map.append(proposals);

  const box = h('div', { class: 'pl-map-box' });
  box.append(map);
  box.dataset.cells = String(c.e.length);
  const figure = h('figure', { class: 'pl-map-figure' }, box);

  const legend = h('div', { class: 'pl-map-legend' });
  let summary = '';
  let placed = '';
  const relabel = () => {
    label.textContent = placed ? `${summary} ${placed}` : summary;
  };
  const swatch = (paint: (s: SVGSVGElement) => void) => {
    const s = svg('svg', { width: 28, height: 20, viewBox: '0 0 7 5', 'aria-hidden': 'true', class: 'pl-map-swatch' });
    paint(s);
    return s;
  };
  const shade = (near: Nearest) => {
    const kmOf = near === 'care' ? c.km_care : c.km_health_centre;
    rects.forEach((r, i) => {
      const b = band(kmOf[i]);
      r.setAttribute('fill', `url(#${ids[b]})`);
      r.dataset.band = String(b);
    });
    const region = geo.coverage.find((v) => v.area === 'Halland' && v.nearest === near) ?? geo.coverage.filter((v) => v.nearest === near).pop();
    summary = fill(t('plMapLabel'), {
      year: geo.year,
      nearest: tr(`plNearest_${near}`),
      within5: share(region?.within[0]),
      within20: share(region?.within[3]),
      longest: km(region?.longest_km, 1),
    });
    relabel();
    legend.replaceChildren(
      h('h3', { class: 'pl-legend-heading' }, fill(t('plBandsLegend'), { nearest: tr(`plNearest_${near}`) })),
      h(
        'ul',
        { class: 'pl-map-keys' },
        ...bandLooks.map((_, i) =>
          h('li', { 'data-band': i }, swatch((s) => s.append(svg('rect', { width: 7, height: 5, fill: `url(#${ids[i]})`, stroke: '#545b64', 'stroke-width': 0.15 }))), `${tr(`plBand${i}`)} (${tr(`plBandPattern${i}`)})`),
        ),
        h('li', null, swatch((s) => s.append(svg('circle', { cx: 3.5, cy: 2.5, r: 1.4, fill: '#0b4f71' }))), t('plLegendHc')),
        h('li', null, swatch((s) => s.append(svg('rect', { x: 2.2, y: 1.2, width: 2.6, height: 2.6, fill: '#fff', stroke: '#0b4f71', 'stroke-width': 0.5 }))), t('plLegendBranch')),
        h('li', null, swatch((s) => s.append(svg('path', { d: 'M3.5 0.2 L6 2.5 L3.5 4.8 L1 2.5 Z', fill: '#a3161f' }))), t('plLegendProposal')),
      ),
    );
  };
  const propose = (units: Proposed[] | null) => {
    proposals.replaceChildren();
    placed = '';
    if (units && units.length) {
      units.forEach((u, i) => {
        const px = r1(x(u.e));
        const py = r1(y(u.n));
        const name = `${t('plProposal')} ${i + 1}: ${u.locality} (${u.municipality})`;
        proposals.append(
          svg(
            'g',
            { class: 'pl-proposal', 'data-n': i + 1 },
            svg('title', {}, name),
            svg('path', { d: `M${px} ${r1(py - 3.4)} L${r1(px + 2.9)} ${py} L${px} ${r1(py + 3.4)} L${r1(px - 2.9)} ${py} Z`, fill: '#a3161f', stroke: '#ffffff', 'stroke-width': 0.45 }),
            svg('text', { x: px, y: r1(py + 1.1), class: 'pl-proposal-no', 'text-anchor': 'middle' }, String(i + 1)),
          ),
        );
      });
      placed = fill(t('plMapProposals'), { places: units.map((u, i) => `${i + 1} ${u.locality} (${u.municipality})`).join(', ') });
    }
    relabel();
  };
  shade(nearest);
  return { figure, legend, shade, propose };
}

// --- the coverage table ------------------------------------------------------------------

function coverageTable(geo: Geography, nearest: Nearest): HTMLElement {
  const rows = geo.coverage.filter((v) => v.nearest === nearest);
  const headingId = uid('pl-coverage-heading');
  const within = limits.map((l) => `${l}\u00a0km`);
  const csv = (): CsvTable => ({
    header: [
      t('plArea'),
      t('plResidents'),
      ...limits.map((l) => `${t('plResidentsWithin')} ${l} km`),
      t('plAged80'),
      ...limits.map((l) => `${t('plAged80Within')} ${l} km`),
      t('plMeanKm'),
      t('plLongestKm'),
    ],
    rows: rows.map((v) => [v.area, v.residents, ...v.within, v.aged_80, ...v.within_80, v.mean_km, v.longest_km]),
  });
  return h(
    'div',
    { class: 'pl-coverage' },
    h('h3', { id: headingId }, fill(t('plCoverage'), { year: geo.year, nearest: tr(`plNearest_${nearest}`) })),
    h('div', { class: 'table-actions' }, downloadButtons(fill(t('plCoverage'), { year: geo.year, nearest: tr(`plNearest_${nearest}`) }), () => ['planering', 'tackning', String(geo.year), nearest], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table pl-coverage-table', 'aria-labelledby': headingId },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col', rowspan: 2 }, t('plArea')),
            h('th', { scope: 'col', rowspan: 2, class: 'num' }, t('plResidents')),
            h('th', { scope: 'colgroup', colspan: 4, class: 'pl-group' }, t('plResidentsWithin')),
            h('th', { scope: 'colgroup', colspan: 4, class: 'pl-group' }, t('plAged80Within')),
            h('th', { scope: 'col', rowspan: 2, class: 'num' }, t('plMeanKm')),
            h('th', { scope: 'col', rowspan: 2, class: 'num' }, t('plLongestKm')),
          ),
          h('tr', null, ...[...within, ...within].map((w) => h('th', { scope: 'col', class: 'num' }, w))),
        ),
        h(
          'tbody',
          null,
          ...rows.map((v) =>
            h(
              'tr',
              { 'data-area': v.area, class: v === rows[rows.length - 1] ? 'pl-region' : null },
              h('th', { scope: 'row' }, v.area),
              h('td', { class: 'num', 'data-col': 'residents' }, formatNumber(v.residents, 0)),
              ...v.within.map((s, i) => h('td', { class: 'num', 'data-col': `within-${limits[i]}` }, share(s))),
              ...v.within_80.map((s, i) => h('td', { class: 'num', 'data-col': `within80-${limits[i]}` }, share(s))),
              h('td', { class: 'num', 'data-col': 'mean_km' }, km(v.mean_km, 2)),
              h('td', { class: 'num', 'data-col': 'longest_km' }, km(v.longest_km, 1)),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- the section ----------------------------------------------------------------------------

export function geographySection(o: GeographyOptions): HTMLElement {
  const { el } = section('pl-geo', t('plGeo'));
  const year = h('select', { class: 'pl-geo-year' });
  for (let y = o.firstYear; y <= o.lastYear; ++y) year.append(h('option', { value: y }, String(y)));
  const nearest = h(
    'select',
    { class: 'pl-nearest' },
    ...(['health_centre', 'care'] as Nearest[]).map((n) => h('option', { value: n }, tr(`plNearest_${n}`))),
  );
  const show = h('button', { type: 'submit', class: 'pl-geo-show' }, t('show'));
  const choice = h('form', { class: 'pl-form pl-geo-form' }, field(t('year'), year), field(t('plNearest'), nearest), h('div', { class: 'pl-buttons' }, show));
  const lead = h('p', { class: 'muted small pl-geo-lead' });
  const body = h('div', { class: 'pl-geo-body' });
  const locate = h('div', { class: 'pl-locate' });
  el.append(choice, lead, body, locate);

  let geo: Geography | null = null;
  let map: MapView | null = null;
  let shown = { year: 0, nearest: '' as string };
  const draw = () => {
    if (!geo) return;
    const near = nearest.value as Nearest;
    lead.textContent = fill(t('plGeoLead'), { factor: formatNumber(geo.factor, 2), nearest: tr(`plNearest_${near}`) });
    if (!map || shown.year !== geo.year) {
      map = mapView(geo, near);
      body.replaceChildren(h('div', { class: 'pl-geo-grid' }, map.figure, map.legend), coverageTable(geo, near));
      locate.replaceChildren(locateForm(o, geo, map));
    } else {
      map.shade(near);
      body.querySelector('.pl-coverage')?.replaceWith(coverageTable(geo, near));
    }
    shown = { year: geo.year, nearest: near };
  };
  const load = async () => {
    const y = Number(year.value);
    if (geo && geo.year === y) {
      draw();
      return;
    }
    body.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')));
    try {
      geo = await get<Geography>('planning/geography', { year: y });
      draw();
    } catch (e) {
      if (!isSessionLost(e)) body.replaceChildren(failure(e));
    }
  };
  choice.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  void load();
  return el;
}

function locateForm(o: GeographyOptions, geo: Geography, map: MapView): HTMLElement {
  const headingId = uid('pl-locate-heading');
  const k = h('select', { class: 'pl-k' }, ...[1, 2, 3].map((n) => h('option', { value: n }, String(n))));
  const kind = h('select', { class: 'pl-kind' }, ...['health_centre', 'branch'].map((v) => h('option', { value: v }, tr(`plKind_${v}`))));
  const objective = h('select', { class: 'pl-objective' }, ...['distance', 'coverage'].map((v) => h('option', { value: v }, tr(`plObjective_${v}`))));
  const within = h('input', { type: 'number', class: 'pl-within', value: 15, min: 1, max: 50, step: 1, inputmode: 'numeric', required: true });
  const propose = h('button', { type: 'submit', class: 'pl-propose' }, t('plPropose'));
  const status = h('div', { class: 'pl-status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { class: 'pl-locate-result' });
  const form = h(
    'form',
    { class: 'pl-form pl-locate-form' },
    field(t('plK'), k),
    field(t('plKind'), kind),
    field(t('plObjective'), objective),
    field(t('plWithin'), within, t('plWithinHelp')),
    h('div', { class: 'pl-buttons' }, propose),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (propose.getAttribute('aria-disabled') === 'true') return;
    propose.setAttribute('aria-disabled', 'true');
    status.replaceChildren(h('p', { class: 'loading' }, t('plLocating')));
    try {
      const r = await get<Located>('planning/locate', { k: k.value, kind: kind.value, objective: objective.value, within: within.value, year: geo.year });
      status.replaceChildren();
      map.propose(r.units);
      result.replaceChildren(...proposalView(o, r));
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(failure(err));
    } finally {
      propose.removeAttribute('aria-disabled');
    }
  });
  return h(
    'div',
    { class: 'pl-locate-box', role: 'group', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('plLocate')),
    h('p', { class: 'muted small' }, fill(t('plLocateLead'), { year: geo.year })),
    form,
    status,
    result,
  );
}

function proposalView(o: GeographyOptions, r: Located): HTMLElement[] {
  const headingId = uid('pl-proposal-heading');
  const baHeadingId = uid('pl-before-after');
  const whole = (v: number) => formatNumber(v, 0);
  const parts: HTMLElement[] = [
    h('h4', { id: headingId }, t('plProposal')),
    h('p', { class: 'small pl-proposal-lead' }, fill(t('plProposalLead'), { k: r.k, kind: tr(`plKind_${r.kind}`).toLowerCase(), objective: tr(`plObjective_${r.objective}`).replace(' D ', ` ${r.within} `).toLowerCase(), year: r.year, seconds: formatNumber(r.seconds, 1) })),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table pl-proposal-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, ...[t('plNo'), t('plMunicipality'), t('plLocality'), t('plCoords'), t('plLatLon')].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          null,
          ...r.units.map((u, i) =>
            h(
              'tr',
              { 'data-n': i + 1 },
              h('th', { scope: 'row' }, String(i + 1)),
              h('td', { 'data-col': 'municipality' }, u.municipality),
              h('td', { 'data-col': 'locality' }, u.locality),
              h('td', { 'data-col': 'coords', class: 'nowrap' }, `N\u00a0${whole(u.n)}, E\u00a0${whole(u.e)}`),
              h('td', { 'data-col': 'latlon', class: 'nowrap' }, `${formatNumber(u.lat, 4)}°\u00a0N, ${formatNumber(u.lon, 4)}°\u00a0E`),
            ),
          ),
        ),
      ),
    ),
    h('h4', { id: baHeadingId }, t('plBeforeAfter')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table pl-before-after', 'aria-labelledby': baHeadingId },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), h('th', { scope: 'col', class: 'num' }, t('plBefore')), h('th', { scope: 'col', class: 'num' }, t('plAfter')))),
        h(
          'tbody',
          null,
          h('tr', { 'data-row': 'mean_km' }, h('th', { scope: 'row' }, `${t('plMeanDistance')} (km)`), h('td', { class: 'num', 'data-col': 'before' }, km(r.before.mean_km, 2)), h('td', { class: 'num', 'data-col': 'after' }, km(r.after.mean_km, 2))),
          h('tr', { 'data-row': 'within_share' }, h('th', { scope: 'row' }, fill(t('plShareWithin'), { d: r.within })), h('td', { class: 'num', 'data-col': 'before' }, share(r.before.within_share)), h('td', { class: 'num', 'data-col': 'after' }, share(r.after.within_share))),
        ),
      ),
    ),
  ];
  if (o.mayRun) parts.push(scenarioForm(o, r));
  return parts;
}

// "Gör till scenario": the proposal as a scenario file, its units opening on `opens`.
function scenarioForm(o: GeographyOptions, r: Located): HTMLElement {
  const opens = h('input', { type: 'date', class: 'pl-opens', value: `${r.year + 2}-01-01`, required: true });
  const make = h('button', { type: 'submit', class: 'pl-make-scenario' }, t('plMakeScenario'));
  const status = h('div', { class: 'pl-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'pl-form pl-scenario-form' }, field(t('plOpens'), opens), h('div', { class: 'pl-buttons' }, make), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (make.getAttribute('aria-disabled') === 'true') return;
    make.setAttribute('aria-disabled', 'true');
    status.replaceChildren();
    try {
      const s = await postJson<Scenario>('planning/scenarios', { k: r.k, kind: r.kind, objective: r.objective, within: r.within, year: r.year, opens: opens.value });
      await o.scenarioMade(s);
      status.replaceChildren(h('p', { class: 'success pl-scenario-made', 'data-scenario': s.id }, fill(t('plScenarioMade'), { name: s.name, id: s.id })));
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(failure(err));
    } finally {
      make.removeAttribute('aria-disabled');
    }
  });
  return form;
}
