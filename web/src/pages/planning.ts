// Planering (issue 17): the synthetic Halland run on to 2030 under a scenario
// (GET/POST /api/planning…; docs/api.md, "Planering").
//   1. Kör ett scenario: those who may run (the answer's may_run: controllers, admins)
//      start a scenario for some years, runs and scale and cancel one; everyone sees the
//      runs with their state and progress, read again every second while one is queued
//      or running, and no longer once the page is left (its view is off the document).
//   2. Jämför scenarier: finished runs side by side for one indicator and unit, a uPlot
//      chart (each run's p10–p90 band and median, the target dashed; line style and
//      point shape tell the runs apart, a legend names them) and the same as a table
//      with each run's difference from the first one ticked (the reference).
//   3. Hur långt kan modellen litas på: the backcast, 2022's calibration run on 2023.
//   4. Geografi: the 1 km grid shaded and patterned by the distance to the nearest
//      health centre (or branch), the units as markers, the coverage per municipality
//      as a table (the map's screen-reader form), and where k new units would help most
//      (GET /api/planning/locate), which may be saved as a scenario to run at once.
//   #/planering
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Indicator, Unit, UnitsResponse } from '../api';
import { apiUrl, get, isSessionLost } from '../api';
import type { Context } from '../context';
import { downloadButtons, type CsvTable } from '../download';
import { displayUnit, formatCount, formatNumber, formatValue, indicatorDecimals } from '../format';
import { geographySection } from '../geography';
import { t, tr } from '../i18n';
import { failure, field, fill, postJson, section, signed, type Scenario } from '../planning_parts';
import { h, uid } from '../ui';
import '../planning.css';

// --- the contract's answers ------------------------------------------------------------

type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
interface Run {
  id: number;
  scenario: string;
  name: string;
  first_year: number;
  last_year: number;
  runs: number;
  scale: number;
  seed: number;
  state: RunState;
  runs_done: number;
  cancel_requested: boolean;
  message: string;
  by: string;
  created: string;
  finished: string | null;
  seconds: number | null;
}
interface Planning {
  may_run: boolean;
  years: { first: number; last: number };
  scenarios: Scenario[];
  runs: Run[];
}
interface ResultRow {
  year: number;
  median: number | null;
  p10: number | null;
  p90: number | null;
  target: number | null;
  status: string;
  runs_with_value: number;
}
interface Results {
  run: Run;
  indicator: string;
  unit: string;
  rows: ResultRow[];
}
interface BackcastRow {
  figure: string;
  label: string;
  share: boolean;
  seed: number | null;
  backcast: number | null;
  error: number | null;
  tolerance: number | null;
}
interface Backcast {
  calibration_year: number;
  year: number;
  rows: BackcastRow[];
}

const years = (r: { first_year: number; last_year: number }) => (r.first_year === r.last_year ? String(r.first_year) : `${r.first_year}–${r.last_year}`);
const active = (r: Run) => r.state === 'queued' || r.state === 'running';
// A scale with the digits it needs, at most two: 1, 0,5, 0,05.
const scaleText = (v: number) => formatNumber(v, 2).replace(/[.,]?0+$/, '');
const runLabel = (r: Run) => fill(t('plRunLabel'), { name: r.name, years: years(r), runs: r.runs, scale: scaleText(r.scale), id: r.id });

// --- the page ----------------------------------------------------------------------------

// What the sections share: the runs as last read (each section is told when they change)
// and the scenarios (a proposal saved as one is offered at once).
interface Shared {
  view: HTMLElement;
  planning: Planning;
  runs: Run[];
  onRuns: ((runs: Run[]) => void)[];
  onScenarios: ((scenarios: Scenario[], chosen: string) => void)[];
  poll: number; // the timer of the next reading of the runs
}

export async function renderPlanning(ctx: Context): Promise<void> {
  const [planning, catalogue, units] = await Promise.all([
    get<Planning>('planning'),
    get<{ indicators: Indicator[] }>('catalogue'),
    get<UnitsResponse>('units'),
  ]);
  const view = ctx.main;
  const shared: Shared = { view, planning, runs: planning.runs, onRuns: [], onScenarios: [], poll: 0 };
  view.replaceChildren(
    h('h1', null, t('plTitle')),
    h('p', { class: 'lead' }, t('plLead')),
    runSection(shared),
    compareSection(shared, catalogue.indicators, ctx.info.perspectives, units),
    backcastSection(),
    geographySection({
      firstYear: Math.min(ctx.info.last_year, planning.years.first),
      lastYear: Math.max(planning.years.last, 2030),
      mayRun: planning.may_run,
      scenarioMade: async (s) => {
        const p = await get<Planning>('planning');
        shared.planning = p;
        for (const f of shared.onScenarios) f(p.scenarios, s.id);
      },
    }),
  );
  setRuns(shared, planning.runs);
}

// Tells every section of new runs and, while one is queued or running, reads them again
// in a second: only while the page's view is on the document (a page left, or drawn
// anew in the other language, stops asking).
function setRuns(shared: Shared, runs: Run[]): void {
  shared.runs = runs;
  for (const f of shared.onRuns) f(runs);
  window.clearTimeout(shared.poll);
  if (!runs.some(active) || !shared.view.isConnected) return;
  shared.poll = window.setTimeout(() => void poll(shared), 1000);
}

async function poll(shared: Shared): Promise<void> {
  if (!shared.view.isConnected) return;
  try {
    const r = await get<{ runs: Run[] }>('planning/runs');
    if (shared.view.isConnected) setRuns(shared, r.runs);
  } catch (e) {
    if (isSessionLost(e) || !shared.view.isConnected) return;
    // The server did not answer this time: try again a little later.
    shared.poll = window.setTimeout(() => void poll(shared), 5000);
  }
}

// --- 1. Kör ett scenario -------------------------------------------------------------------

function runSection(shared: Shared): HTMLElement {
  const pl = shared.planning;
  const { el, headingId } = section('pl-run', pl.may_run ? t('plRunHeading') : t('plRunsHeading'));
  const status = h('div', { class: 'pl-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  const announce = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  if (pl.may_run) el.append(runForm(shared, status));
  else el.append(h('p', { class: 'muted pl-read-only' }, t('plReadOnly')));
  el.append(status);

  const tableHeadingId = pl.may_run ? uid('pl-runs-heading') : headingId;
  if (pl.may_run) el.append(h('h3', { id: tableHeadingId }, t('plRunsHeading')));
  const body = h('tbody');
  const empty = h('p', { class: 'muted pl-no-runs' }, t('plNoRuns'));
  const cols = [t('plScenario'), t('year'), t('plRunCount'), t('plScale'), t('plState'), t('plProgress'), t('plElapsed'), t('plBy'), t('plAction')];
  const table = h(
    'table',
    { class: 'data-table pl-runs', 'aria-labelledby': tableHeadingId },
    h('thead', null, h('tr', null, ...cols.map((c, i) => h('th', { scope: 'col', class: i === 2 || i === 3 || i === 6 ? 'num' : null }, c)))),
    body,
  );
  const wrap = h('div', { class: 'table-wrap' }, table);
  el.append(h('p', { class: 'muted small' }, t('plRunsNote')), empty, wrap, announce);

  // Each run's state as last shown, to announce a change (not every second's progress).
  const shownState = new Map<number, RunState>();
  shared.onRuns.push((runs) => {
    empty.hidden = runs.length > 0;
    wrap.hidden = runs.length === 0;
    const focused = document.activeElement instanceof HTMLElement && body.contains(document.activeElement) ? document.activeElement : null;
    const focusRun = focused?.closest('tr')?.dataset.run;
    const focusKind = focused?.dataset.action;
    body.replaceChildren(...runs.map((r) => runRow(r, pl.may_run, status, shared)));
    // The focus stays on the same run's control after the table is drawn anew; when
    // that control is gone (a run cancelled), on the table's status.
    if (focusRun) {
      const again = body.querySelector<HTMLElement>(`tr[data-run="${focusRun}"] [data-action="${focusKind}"]`);
      if (again) again.focus();
      else status.focus();
    }
    const changed: string[] = [];
    for (const r of runs) {
      const was = shownState.get(r.id);
      if (was !== undefined && was !== r.state) changed.push(fill(t('plStateNow'), { name: r.name, years: years(r), state: tr(`plState_${r.state}`) }));
      shownState.set(r.id, r.state);
    }
    if (changed.length) announce.textContent = changed.join('. ');
  });
  return el;
}

function runForm(shared: Shared, status: HTMLElement): HTMLElement {
  const pl = shared.planning;
  const scenario = h('select', { name: 'scenario', class: 'pl-scenario', id: uid('pl-scenario') });
  const description = h('p', { class: 'pl-description small', id: uid('pl-description') });
  const fillScenarios = (list: Scenario[], chosen: string) => {
    scenario.replaceChildren(...list.map((s) => h('option', { value: s.id, selected: s.id === chosen }, s.name)));
    description.textContent = list.find((s) => s.id === scenario.value)?.description ?? '';
  };
  fillScenarios(pl.scenarios, pl.scenarios[0]?.id ?? '');
  scenario.setAttribute('aria-describedby', description.id);
  scenario.addEventListener('change', () => {
    description.textContent = shared.planning.scenarios.find((s) => s.id === scenario.value)?.description ?? '';
  });
  shared.onScenarios.push((list, chosen) => {
    fillScenarios(list, chosen);
  });
  const number = (name: string, value: number, min: number, max: number, step: string) =>
    h('input', { type: 'number', name, value, min, max, step, required: true, inputmode: step === '1' ? 'numeric' : 'decimal', class: `pl-${name}` });
  const first = number('first_year', pl.years.first, 2017, 2035, '1');
  const last = number('last_year', pl.years.last, 2017, 2035, '1');
  const runs = number('runs', 10, 1, 100, '1');
  const scale = number('scale', 1, 0.01, 2, 'any');
  const start = h('button', { type: 'submit', class: 'pl-start' }, t('plStart'));
  const form = h(
    'form',
    { class: 'pl-form pl-run-form' },
    h('div', { class: 'field field-wide' }, h('label', { for: scenario.id }, t('plScenario')), scenario, description),
    field(t('plFirstYear'), first),
    field(t('plLastYear'), last),
    field(t('plRunCount'), runs, t('plRunCountHelp')),
    field(t('plScale'), scale, t('plScaleHelp')),
    h('div', { class: 'pl-buttons' }, start),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (start.getAttribute('aria-disabled') === 'true') return;
    start.setAttribute('aria-disabled', 'true');
    status.replaceChildren();
    try {
      const run = await postJson<Run>('planning/runs', {
        scenario: scenario.value,
        first_year: Number(first.value),
        last_year: Number(last.value),
        runs: Number(runs.value),
        scale: Number(scale.value),
      });
      status.replaceChildren(h('p', { class: 'success' }, fill(run.state === 'queued' ? t('plQueued') : t('plStarted'), { name: run.name, years: years(run) })));
      const list = await get<{ runs: Run[] }>('planning/runs').catch(() => ({ runs: [run, ...shared.runs.filter((r) => r.id !== run.id)] }));
      setRuns(shared, list.runs);
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(failure(err));
    } finally {
      start.removeAttribute('aria-disabled');
    }
  });
  return form;
}

function runRow(r: Run, mayRun: boolean, status: HTMLElement, shared: Shared): HTMLElement {
  const stateText = tr(`plState_${r.state}`);
  const progressText = fill(t('plProgressText'), { done: r.runs_done, runs: r.runs });
  const action = h('td', { 'data-col': 'action' });
  if (mayRun && active(r) && !r.cancel_requested) {
    const cancel = h('button', { type: 'button', class: 'secondary pl-cancel', 'data-action': 'cancel' }, t('plCancel'), h('span', { class: 'sr-only' }, ` ${r.name} (${fill(t('plRunNo'), { id: r.id })})`));
    cancel.addEventListener('click', async () => {
      if (cancel.getAttribute('aria-disabled') === 'true') return;
      cancel.setAttribute('aria-disabled', 'true');
      try {
        const after = await postJson<Run>('planning/runs/cancel', { id: r.id });
        status.replaceChildren(h('p', { class: 'success' }, fill(after.state === 'cancelled' ? t('plCancelled') : t('plCancelRequested'), { name: `${after.name} ${years(after)}` })));
        const list = await get<{ runs: Run[] }>('planning/runs').catch(() => ({ runs: shared.runs.map((x) => (x.id === after.id ? after : x)) }));
        setRuns(shared, list.runs);
      } catch (err) {
        cancel.removeAttribute('aria-disabled');
        if (!isSessionLost(err)) status.replaceChildren(failure(err));
      }
    });
    action.append(cancel);
  } else if (r.state === 'done') {
    action.append(
      h('a', { href: apiUrl('planning/results.csv', { run: r.id }), download: `nara-planering-${r.scenario}-${r.id}.csv`, class: 'pl-csv', 'data-action': 'csv' },
        t('plResultsCsv'), h('span', { class: 'sr-only' }, `: ${r.name} (${fill(t('plRunNo'), { id: r.id })})`)),
    );
  }
  return h(
    'tr',
    { 'data-run': r.id, 'data-state': r.state },
    h('th', { scope: 'row' }, r.name, h('span', { class: 'muted small pl-run-no' }, ` ${fill(t('plRunNo'), { id: r.id })}`)),
    h('td', { 'data-col': 'years', class: 'nowrap' }, years(r)),
    h('td', { class: 'num', 'data-col': 'runs' }, String(r.runs)),
    h('td', { class: 'num', 'data-col': 'scale' }, scaleText(r.scale)),
    h(
      'td',
      { 'data-col': 'state' },
      h('span', { class: `pl-state pl-state-${r.state}` }, stateText, r.cancel_requested && active(r) ? ` (${t('plCancelling')})` : ''),
      r.state === 'failed' && r.message ? h('span', { class: 'pl-message small' }, r.message) : null,
    ),
    h(
      'td',
      { 'data-col': 'progress', class: 'pl-progress-cell' },
      h('progress', { max: Math.max(1, r.runs), value: r.runs_done, 'aria-label': `${t('plProgress')} ${r.name}: ${progressText}` }),
      h('span', { class: 'pl-progress-text small' }, progressText),
    ),
    h('td', { class: 'num', 'data-col': 'seconds' }, r.seconds === null || r.seconds === undefined ? '–' : `${formatNumber(r.seconds, 0)}\u00a0s`),
    h('td', { 'data-col': 'by' }, r.by || '–'),
    action,
  );
}

// --- 2. Jämför scenarier -------------------------------------------------------------------

// Line style and point shape per compared run, in order: no run is told by colour alone.
const looks: { colour: string; band: string; dash: number[]; line: string; shape: Shape }[] = [
  { colour: '#0b4f71', band: 'rgba(11, 79, 113, 0.16)', dash: [], line: 'solid', shape: 'circle' },
  { colour: '#a3410b', band: 'rgba(163, 65, 11, 0.16)', dash: [9, 4], line: 'dashed', shape: 'square' },
  { colour: '#5b2a86', band: 'rgba(91, 42, 134, 0.16)', dash: [2, 3], line: 'dotted', shape: 'triangle' },
  { colour: '#17612c', band: 'rgba(23, 97, 44, 0.16)', dash: [10, 3, 2, 3], line: 'dashdot', shape: 'diamond' },
  { colour: '#7a4d00', band: 'rgba(122, 77, 0, 0.16)', dash: [16, 5], line: 'longdash', shape: 'cross' },
  { colour: '#1b1f24', band: 'rgba(27, 31, 36, 0.12)', dash: [4, 2], line: 'dense', shape: 'bar' },
];
const lookOf = (i: number) => looks[i % looks.length];
type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'bar';
const targetColour = '#545b64';
const targetDash = [6, 5];

function drawShape(c: CanvasRenderingContext2D, shape: Shape, x: number, y: number, r: number): void {
  c.beginPath();
  switch (shape) {
    case 'circle': c.arc(x, y, r, 0, 2 * Math.PI); break;
    case 'square': c.rect(x - r, y - r, 2 * r, 2 * r); break;
    case 'triangle': c.moveTo(x, y - r * 1.2); c.lineTo(x + r * 1.15, y + r * 0.9); c.lineTo(x - r * 1.15, y + r * 0.9); c.closePath(); break;
    case 'diamond': c.moveTo(x, y - r * 1.3); c.lineTo(x + r * 1.1, y); c.lineTo(x, y + r * 1.3); c.lineTo(x - r * 1.1, y); c.closePath(); break;
    case 'cross': c.moveTo(x - r, y - r); c.lineTo(x + r, y + r); c.moveTo(x + r, y - r); c.lineTo(x - r, y + r); break;
    case 'bar': c.rect(x - r * 0.45, y - r * 1.3, r * 0.9, r * 2.6); break;
  }
}

// The legend's picture of a run: its line with its point shape (SVG, aria-hidden).
function swatch(i: number | null): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '40');
  svg.setAttribute('height', '16');
  svg.setAttribute('viewBox', '0 0 40 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'pl-swatch');
  const look = i === null ? null : lookOf(i);
  if (look) {
    const band = document.createElementNS(ns, 'rect');
    for (const [k, v] of [['x', '0'], ['y', '3'], ['width', '40'], ['height', '10'], ['fill', look.band]]) band.setAttribute(k, v);
    svg.append(band);
  }
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of [['x1', '1'], ['x2', '39'], ['y1', '8'], ['y2', '8'], ['stroke', look?.colour ?? targetColour], ['stroke-width', look ? '2.5' : '1.8']]) line.setAttribute(k, v);
  const dash = look ? look.dash : targetDash;
  if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '));
  svg.append(line);
  if (look) {
    const canvasPath: Record<Shape, string> = {
      circle: 'M24,8 a4,4 0 1,0 -8,0 a4,4 0 1,0 8,0',
      square: 'M16,4 h8 v8 h-8 z',
      triangle: 'M20,3.2 L24.6,11.6 L15.4,11.6 z',
      diamond: 'M20,2.8 L24.4,8 L20,13.2 L15.6,8 z',
      cross: 'M16,4 L24,12 M24,4 L16,12',
      bar: 'M18.2,2.8 h3.6 v10.4 h-3.6 z',
    };
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', canvasPath[look.shape]);
    p.setAttribute('fill', look.shape === 'cross' ? 'none' : look.colour);
    p.setAttribute('stroke', look.colour);
    p.setAttribute('stroke-width', look.shape === 'cross' ? '2' : '1');
    svg.append(p);
  }
  return svg;
}

// The units of the tree as options, each indented by its depth under the root.
function unitOptions(units: UnitsResponse, chosen: string): HTMLOptionElement[] {
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const out: HTMLOptionElement[] = [];
  const seen = new Set<string>();
  const walk = (u: Unit | undefined, depth: number) => {
    if (!u || seen.has(u.id)) return;
    seen.add(u.id);
    out.push(h('option', { value: u.id, selected: u.id === chosen }, `${'\u00a0\u00a0'.repeat(depth)}${u.name}`));
    for (const c of u.children) walk(byId.get(c), depth + 1);
  };
  walk(byId.get(units.root), 0);
  return out;
}

function compareSection(shared: Shared, indicators: Indicator[], perspectives: string[], units: UnitsResponse): HTMLElement {
  const { el } = section('pl-compare', t('plCompare'));
  const checks = h('div', { class: 'pl-checks' });
  const noneDone = h('p', { class: 'muted pl-no-done' }, t('plNoDone'));
  const runsBox = h('fieldset', { class: 'pl-runs-box' }, h('legend', null, t('plChooseRuns')), noneDone, checks);
  const indicator = h(
    'select',
    { class: 'pl-indicator' },
    ...perspectives.map((p) =>
      h('optgroup', { label: tr(`perspective_${p}`) }, ...indicators.filter((i) => i.perspective === p).map((i) => h('option', { value: i.id }, i.name))),
    ),
  );
  indicator.value = indicators.some((i) => i.id === 'phone_same_day') ? 'phone_same_day' : (indicators[0]?.id ?? '');
  const unit = h('select', { class: 'pl-unit' }, ...unitOptions(units, units.root));
  const show = h('button', { type: 'submit', class: 'pl-show' }, t('show'));
  const out = h('div', { class: 'pl-compare-out' });
  const form = h(
    'form',
    { class: 'pl-form pl-compare-form' },
    runsBox,
    field(t('chooseIndicator'), indicator),
    field(t('unitLabel'), unit),
    h('div', { class: 'pl-buttons' }, show),
  );
  el.append(h('p', { class: 'muted small' }, t('plCompareLead')), form, out);

  // The finished runs, oldest first (a baseline run first is the reference), the ticks
  // kept over a new drawing; the list is drawn anew only when a run has finished.
  let doneIds = '';
  const markReference = () => {
    const boxes = [...checks.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    const first = boxes.find((b) => b.checked);
    for (const b of boxes) {
      const tag = b.parentElement?.querySelector('.pl-ref-tag');
      if (tag) tag.textContent = b === first ? ` (${t('plReference')})` : '';
    }
  };
  shared.onRuns.push((runs) => {
    const done = runs.filter((r) => r.state === 'done').sort((a, b) => a.id - b.id);
    const ids = done.map((r) => r.id).join(',');
    if (ids === doneIds) return;
    doneIds = ids;
    const ticked = new Set([...checks.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value));
    const focused = document.activeElement instanceof HTMLInputElement && checks.contains(document.activeElement) ? document.activeElement.value : null;
    checks.replaceChildren(
      ...done.map((r) => {
        const box = h('input', { type: 'checkbox', value: r.id, checked: ticked.has(String(r.id)), 'data-run': r.id });
        box.addEventListener('change', markReference);
        return h('label', { class: 'pl-check' }, box, ` ${runLabel(r)}`, h('span', { class: 'pl-ref-tag' }));
      }),
    );
    noneDone.hidden = done.length > 0;
    markReference();
    if (focused) checks.querySelector<HTMLElement>(`input[value="${focused}"]`)?.focus();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = [...checks.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => Number(b.value));
    if (chosen.length === 0) {
      out.replaceChildren(h('p', { class: 'muted pl-pick-run' }, t('plPickRun')));
      return;
    }
    const ind = indicators.find((i) => i.id === indicator.value);
    if (!ind) return;
    const unitName = units.units.find((u) => u.id === unit.value)?.name ?? unit.value;
    out.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')));
    try {
      const results = await Promise.all(chosen.map((run) => get<Results>('planning/results', { run, indicator: ind.id, unit: unit.value })));
      out.replaceChildren(compareChart(results, ind, unitName), compareTable(results, ind, unitName));
    } catch (err) {
      if (!isSessionLost(err)) out.replaceChildren(failure(err));
    }
  });
  return el;
}

function compareChart(results: Results[], ind: Indicator, unitName: string): HTMLElement {
  const decimals = indicatorDecimals(ind.display, ind.decimals);
  const allYears = [...new Set(results.flatMap((r) => r.rows.map((x) => x.year)))].sort((a, b) => a - b);
  const at = (r: Results, y: number) => r.rows.find((x) => x.year === y);
  const captionId = uid('pl-chart-caption');
  const summaryId = uid('pl-chart-summary');
  const figure = h('figure', { class: 'chart pl-chart' });
  figure.append(h('figcaption', { id: captionId }, fill(t('plChart'), { indicator: ind.name, unit: unitName })));
  const holder = h('div', { class: 'chart-canvas', role: 'img', 'aria-labelledby': captionId, 'aria-describedby': summaryId });
  holder.dataset.runs = String(results.length);
  holder.dataset.years = allYears.join(',');
  const lastYear = allYears[allYears.length - 1];
  const target = (y: number) => results.map((r) => at(r, y)?.target).find((v) => v !== null && v !== undefined) ?? null;
  const lastValues = results.map((r) => `${r.run.name} ${formatValue(at(r, lastYear)?.median, ind.display, decimals)}`);
  const lastTarget = target(lastYear);
  if (lastTarget !== null) lastValues.push(`${t('target')} ${formatValue(lastTarget, ind.display, decimals)}`);
  figure.append(
    holder,
    h('p', { id: summaryId, class: 'sr-only' }, fill(t('plChartSummary'), { year: lastYear ?? '', values: lastValues.join(', ') })),
    h(
      'ul',
      { class: 'pl-legend' },
      ...results.map((r, i) =>
        h('li', null, swatch(i), fill(t('plLegendRun'), { name: `${r.run.name} (${fill(t('plRunNo'), { id: r.run.id })})`, line: tr(`plLine_${lookOf(i).line}`), shape: tr(`plShape_${lookOf(i).shape}`) })),
      ),
      h('li', null, swatch(null), t('plLegendTarget')),
    ),
  );

  // Series: x, then per run p90, p10 (the band's edges) and the median; the target last.
  const fmt = (_u: uPlot, v: number | null) => formatValue(v, ind.display, decimals);
  const series: uPlot.Series[] = [{ label: t('year'), value: (_u, v) => (v == null ? '' : String(v)) }];
  const bands: uPlot.Band[] = [];
  const data: (number | null)[][] = [allYears];
  results.forEach((r, i) => {
    const look = lookOf(i);
    const base = series.length;
    series.push(
      { label: `${r.run.name} p90`, stroke: look.colour, width: 0.8, dash: [1, 3], points: { show: false }, value: fmt },
      { label: `${r.run.name} p10`, stroke: look.colour, width: 0.8, dash: [1, 3], points: { show: false }, value: fmt },
      { label: `${r.run.name} median`, stroke: look.colour, width: 2.5, dash: look.dash, points: { show: false }, value: fmt },
    );
    bands.push({ series: [base, base + 1], fill: look.band });
    data.push(allYears.map((y) => at(r, y)?.p90 ?? null), allYears.map((y) => at(r, y)?.p10 ?? null), allYears.map((y) => at(r, y)?.median ?? null));
  });
  series.push({ label: t('target'), stroke: targetColour, width: 1.8, dash: targetDash, points: { show: false }, value: fmt });
  data.push(allYears.map((y) => target(y)));
  const lo = allYears[0] ?? 0;
  const hi = allYears[allYears.length - 1] ?? 0;
  const opts: uPlot.Options = {
    width: 720,
    height: 300,
    legend: { show: false },
    bands,
    scales: { x: { time: false, range: [lo - 0.4, hi + 0.4] } },
    axes: [
      { splits: () => allYears, values: (_u, splits) => splits.map((s) => String(s)), stroke: '#333', font: '11px system-ui, sans-serif' },
      { values: (_u, splits) => splits.map((s) => formatValue(s, ind.display, decimals)), size: 72, stroke: '#333', font: '11px system-ui, sans-serif' },
    ],
    series,
    hooks: {
      // Each median's points in its run's shape.
      draw: [
        (u) => {
          const c = u.ctx;
          c.save();
          results.forEach((_r, i) => {
            const look = lookOf(i);
            const ys = u.data[1 + i * 3 + 2];
            c.fillStyle = look.colour;
            c.strokeStyle = look.colour;
            c.lineWidth = 2 * uPlot.pxRatio;
            u.data[0].forEach((x, j) => {
              const y = ys[j];
              if (y === null || y === undefined) return;
              drawShape(c, look.shape, u.valToPos(x, 'x', true), u.valToPos(y, 'y', true), 4.5 * uPlot.pxRatio);
              if (look.shape === 'cross') c.stroke();
              else c.fill();
            });
          });
          c.restore();
        },
      ],
    },
  };
  requestAnimationFrame(() => {
    if (!holder.isConnected) return;
    const fit = () => Math.max(260, Math.min(900, holder.clientWidth || 720));
    const plot = new uPlot({ ...opts, width: fit() }, data as uPlot.AlignedData, holder);
    new ResizeObserver(() => {
      if (fit() !== plot.width) plot.setSize({ width: fit(), height: opts.height });
    }).observe(holder);
  });
  return figure;
}

function compareTable(results: Results[], ind: Indicator, unitName: string): HTMLElement {
  const decimals = indicatorDecimals(ind.display, ind.decimals);
  const ref = results[0];
  const others = results.slice(1);
  const allYears = [...new Set(results.flatMap((r) => r.rows.map((x) => x.year)))].sort((a, b) => a - b);
  const at = (r: Results, y: number) => r.rows.find((x) => x.year === y);
  const target = (y: number) => results.map((r) => at(r, y)?.target).find((v) => v !== null && v !== undefined) ?? null;
  const diff = (r: Results, y: number): number | null => {
    const a = at(r, y)?.median;
    const b = at(ref, y)?.median;
    return a === null || a === undefined || b === null || b === undefined ? null : a - b;
  };
  // A difference of a share is in percentage points; of anything else in its own unit.
  const diffText = (v: number | null) => {
    const s = signed(v, decimals);
    if (s === '–') return s;
    const unit = displayUnit(ind.display);
    return ind.display === 'percent' ? `${s}${t('plPp')}` : unit ? `${s}\u00a0${unit}` : s;
  };
  const refName = `${ref.run.name} (${fill(t('plRunNo'), { id: ref.run.id })})`;
  const headingId = uid('pl-table-heading');
  const csv = (): CsvTable => ({
    header: [
      t('year'),
      t('target'),
      ...results.flatMap((r) => [`${r.run.name} (${r.run.id}) median`, `${r.run.name} (${r.run.id}) p10`, `${r.run.name} (${r.run.id}) p90`]),
      ...others.map((r) => `${fill(t('plDiff'), { ref: refName })}: ${r.run.name} (${r.run.id})`),
    ],
    rows: allYears.map((y) => [
      y,
      target(y),
      ...results.flatMap((r) => [at(r, y)?.median ?? null, at(r, y)?.p10 ?? null, at(r, y)?.p90 ?? null]),
      ...others.map((r) => diff(r, y)),
    ]),
  });
  const runHead = (r: Results, i: number) =>
    h('th', { scope: 'col', class: 'num', 'data-run': r.run.id }, swatch(i), ` ${r.run.name} `, h('span', { class: 'pl-col-sub' }, `${fill(t('plRunNo'), { id: r.run.id })}, ${years(r.run)}${i === 0 && others.length ? `, ${t('plReference')}` : ''}`));
  return h(
    'div',
    { class: 'pl-compare-table' },
    h('h3', { id: headingId }, `${t('plTable')}: ${ind.name}, ${unitName}`),
    h('div', { class: 'table-actions' }, downloadButtons(`${t('plTable')}: ${ind.name}`, () => ['planering', ind.id, ...results.map((r) => String(r.run.id))], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table pl-results', 'aria-labelledby': headingId },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('year')),
            h('th', { scope: 'col', class: 'num' }, t('target')),
            ...results.map((r, i) => runHead(r, i)),
            ...others.map((r) => h('th', { scope: 'col', class: 'num', 'data-diff': r.run.id }, fill(t('plDiff'), { ref: refName }), ' ', h('span', { class: 'pl-col-sub' }, `${r.run.name}, ${fill(t('plRunNo'), { id: r.run.id })}`))),
          ),
        ),
        h(
          'tbody',
          null,
          ...allYears.map((y) =>
            h(
              'tr',
              { 'data-year': y },
              h('th', { scope: 'row' }, String(y)),
              h('td', { class: 'num', 'data-col': 'target' }, formatValue(target(y), ind.display, decimals)),
              ...results.map((r) => {
                const row = at(r, y);
                return h(
                  'td',
                  { class: 'num', 'data-col': `run-${r.run.id}` },
                  h('span', { class: 'pl-median', 'data-col': `median-${r.run.id}` }, formatValue(row?.median, ind.display, decimals)),
                  h('span', { class: 'pl-range', 'data-col': `range-${r.run.id}` }, row && row.p10 !== null && row.p90 !== null ? `(${formatNumber(row.p10, decimals)}–${formatNumber(row.p90, decimals)})` : ''),
                );
              }),
              ...others.map((r) => h('td', { class: 'num', 'data-col': `diff-${r.run.id}` }, diffText(diff(r, y)))),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- 3. Hur långt kan modellen litas på? -----------------------------------------------------

function backcastSection(): HTMLElement {
  const { el, headingId } = section('pl-backcast', t('plBackcast'));
  const body = h('div', { class: 'pl-backcast-body' }, h('p', { class: 'loading', role: 'status' }, t('plComputing')));
  el.append(body);
  get<Backcast>('planning/backcast')
    .then((b) => body.replaceChildren(...backcastView(b, headingId)))
    .catch((e) => {
      if (!isSessionLost(e)) body.replaceChildren(failure(e));
    });
  return el;
}

function backcastView(b: Backcast, headingId: string): HTMLElement[] {
  const value = (r: BackcastRow, v: number | null) => (r.share ? formatValue(v, 'percent', 1) : formatCount(v));
  const unitOf = (r: BackcastRow) => (r.share ? t('plPp') : '\u00a0%');
  const error = (r: BackcastRow) => (r.error === null ? '–' : `${signed(r.error, 1)}${unitOf(r)}`);
  const tolerance = (r: BackcastRow) => (r.tolerance === null ? '–' : `±\u00a0${formatNumber(r.tolerance, 1)}${unitOf(r)}`);
  const csv = (): CsvTable => ({
    header: [t('plFigure'), t('plSeed'), t('plModel'), t('plError'), t('plTolerance'), 'share'],
    rows: b.rows.map((r) => [r.label, r.seed, r.backcast, r.error, r.tolerance, r.share ? 1 : 0]),
  });
  return [
    h('p', { class: 'pl-backcast-lead' }, fill(t('plBackcastLead'), { cal: b.calibration_year, year: b.year })),
    h('p', { class: 'muted small' }, t('plBackcastNote')),
    h('div', { class: 'table-actions' }, downloadButtons(t('plBackcast'), () => ['planering', 'backcast', String(b.year)], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table pl-backcast-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('plFigure')), ...[t('plSeed'), t('plModel'), t('plError'), t('plTolerance')].map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
        h(
          'tbody',
          null,
          ...b.rows.map((r) =>
            h(
              'tr',
              { 'data-figure': r.figure },
              h('th', { scope: 'row' }, r.label),
              h('td', { class: 'num', 'data-col': 'seed' }, value(r, r.seed)),
              h('td', { class: 'num', 'data-col': 'backcast' }, value(r, r.backcast)),
              h('td', { class: 'num', 'data-col': 'error' }, error(r)),
              h('td', { class: 'num', 'data-col': 'tolerance' }, tolerance(r)),
            ),
          ),
        ),
      ),
    ),
  ];
}
