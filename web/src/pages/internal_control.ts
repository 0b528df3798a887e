// Intern kontroll (issue 16): the internal-control register of a plan year
// (GET /api/internal-control): the risk matrix (probability × consequence, each cell
// naming its risk value and the risks in it, so that it reads without colour) beside a
// table of the risks, the control plan (risk → controls: what, how, how often, who) and
// the follow-up per tertial (T1–T3: outcome as icon and word, with its text). Those who
// may edit (controllers, admins: the answer's may_edit) get forms to add, change and
// remove a risk or a control, to record a control's result, and to import the register
// as CSV; the server's messages are shown in the form, with the focus in the field it
// names. Readers see no forms.
//   #/intern-kontroll?year=2024
import type { UnitsResponse } from '../api';
import { ApiError, apiUrl, currentMe, get, isSessionLost, signInHref } from '../api';
import type { Context } from '../context';
import { downloadButtons, type CsvTable } from '../download';
import { currentLang, t, tr, type TextKey } from '../i18n';
import { choiceForm, confirmDialog, errorBox, h, uid } from '../ui';
import '../economy.css';

// --- the contract's answers (/work/briefs/ic_api.md) ---------------------------------

type Frequency = 'monthly' | 'tertial' | 'yearly';
type Outcome = 'done' | 'deviation' | 'not_done';

interface IcResult {
  period: string;
  outcome: Outcome;
  outcome_text: string;
  text: string;
  by: string;
  at: string;
}
interface IcControl {
  id: number;
  what: string;
  how: string;
  frequency: Frequency;
  responsible: string;
  results: IcResult[];
}
interface IcRisk {
  id: number;
  unit: { id: string; name: string };
  title: string;
  description: string;
  probability: number;
  consequence: number;
  risk_value: number;
  owner: string;
  board_prioritised: boolean;
  controls: IcControl[];
}
interface Register {
  year: number;
  periods: string[];
  may_edit: boolean;
  risks: IcRisk[];
}
// The contract names the column in `column`; nara's problems (as the server sends them)
// name it in `field`, `column` being a character position. Either is read.
interface ImportProblem {
  line: number | null;
  column: string | number | null;
  field?: string | null;
  message: string;
}
const problemColumn = (p: ImportProblem) => p.field || (typeof p.column === 'string' ? p.column : null);

// An error answer with the import's problems (line, column, message).
class IcError extends ApiError {
  constructor(status: number, message: string, code: string, public lines: ImportProblem[]) {
    super(status, message, [], code);
  }
}

// A POST with the session's CSRF token; the answer's JSON, or an IcError with the
// server's message, code and problems. A lost session leads to the sign-in page.
async function post<T>(path: string, body: string, contentType: string, params: Record<string, string | number> = {}): Promise<T> {
  const token = currentMe().csrf_token;
  const res = await fetch(apiUrl(path, params), {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...(token ? { 'X-CSRF-Token': token } : {}) },
    body,
  });
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    throw new IcError(res.status, `HTTP ${res.status}`, '', []);
  }
  if (!res.ok) {
    const d = data as { error?: { message?: string; code?: string; problems?: ImportProblem[] }; problems?: ImportProblem[] };
    const e = d.error ?? {};
    if (res.status === 401 && e.code === 'unauthenticated') location.replace(signInHref(location.hash || undefined));
    throw new IcError(res.status, e.message ?? `HTTP ${res.status}`, e.code ?? '', e.problems ?? d.problems ?? []);
  }
  return data as T;
}
const postJson = <T>(path: string, body: unknown) => post<T>(path, JSON.stringify(body), 'application/json');

// --- texts ------------------------------------------------------------------------------

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

const frequencies: Frequency[] = ['monthly', 'tertial', 'yearly'];
const outcomes: Outcome[] = ['done', 'deviation', 'not_done'];
const outcomeIcon: Record<Outcome, string> = { done: '✔', deviation: '⚠', not_done: '✖' };

const frequencyText = (f: string) => tr(`icFreq_${f}`);
const outcomeText = (o: string) => tr(`icOutcome_${o}`);

// Risk levels of the 4 × 4 matrix: a word for each value (1–3 låg, 4–6 medel, 8–9 hög,
// 12–16 mycket hög), shown in the cells and the legend beside the colour.
type Level = 'low' | 'medium' | 'high' | 'very_high';
function level(v: number): Level {
  return v >= 12 ? 'very_high' : v >= 8 ? 'high' : v >= 4 ? 'medium' : 'low';
}
const levelText = (l: Level) => tr(`icLevel_${l}`);

// The risk's short number on the page: R1 for the first (the highest risk value).
const shortNo = (i: number) => `R${i + 1}`;

function yesNo(b: boolean): string {
  return b ? t('icYes') : t('icNo');
}

function outcomeBadge(r: IcResult | undefined): HTMLElement {
  if (!r) return h('span', { class: 'ic-outcome ic-outcome-none' }, h('span', { 'aria-hidden': 'true' }, '–'), ` ${t('icNoResult')}`);
  return h(
    'span',
    { class: `ic-outcome ic-outcome-${r.outcome}`, 'data-outcome': r.outcome },
    h('span', { class: 'ic-outcome-icon', 'aria-hidden': 'true' }, outcomeIcon[r.outcome] ?? '?'),
    ` ${r.outcome_text || outcomeText(r.outcome)}`,
  );
}

// --- the page -------------------------------------------------------------------------

function chosenYear(ctx: Context): number {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const y = Number(q.get('year'));
  if (Number.isInteger(y) && y > 1900) return y;
  const p = /^(\d{4})/.exec(ctx.scope.period);
  return p ? Number(p[1]) : ctx.info.last_year;
}

export function internalControlHref(year: number): string {
  const q = new URLSearchParams({ year: String(year), lang: currentLang() });
  return `#/intern-kontroll?${q.toString()}`;
}

export async function renderInternalControl(ctx: Context): Promise<void> {
  const year = chosenYear(ctx);
  const [reg, units] = await Promise.all([get<Register>('internal-control', { year }), get<UnitsResponse>('units')]);
  const view = ctx.main;
  const body = h('div', { class: 'ic-body' });
  // What the last change did, kept over the drawing anew of the register.
  const status = h('div', { class: 'ic-status', role: 'status', tabindex: '-1' });
  const draw = (r: Register) => body.replaceChildren(...registerView(r, units, year, reload));
  async function reload(message: string): Promise<void> {
    const r = await get<Register>('internal-control', { year });
    draw(r);
    status.replaceChildren(h('p', { class: 'success' }, message));
    status.focus();
  }
  view.replaceChildren(
    h('h1', null, `${t('internalControl')} ${year}`),
    h('div', { class: 'toolbar' }, yearPicker(ctx, year)),
    h('p', { class: 'lead' }, fill(t('icLead'), { year })),
    status,
    body,
  );
  draw(reg);
}

function yearPicker(ctx: Context, year: number): HTMLElement {
  const id = uid('ic-year');
  const select = h('select', { id, 'data-focus-key': 'ic-year' });
  for (let y = ctx.info.last_year + 1; y >= ctx.info.first_year; --y) select.append(h('option', { value: y, selected: y === year }, String(y)));
  return h(
    'fieldset',
    { class: 'picker' },
    h('legend', null, t('icPlanYear')),
    choiceForm('picker', 'ic-year', () => {
      const next = internalControlHref(Number(select.value));
      if (next !== location.hash) location.hash = next;
    }, h('div', { class: 'field' }, h('label', { for: id }, t('year')), select)),
  );
}

function registerView(reg: Register, units: UnitsResponse, year: number, reload: (m: string) => Promise<void>): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (reg.risks.length === 0) {
    parts.push(h('p', { class: 'muted ic-empty' }, fill(t('icNoRisks'), { year })));
  } else {
    parts.push(matrixSection(reg), controlPlan(reg), followUp(reg));
  }
  if (reg.may_edit) parts.push(editSection(reg, units, year, reload));
  return parts;
}

function section(cls: string, title: string): { section: HTMLElement; headingId: string } {
  const headingId = uid(`${cls}-heading`);
  return { section: h('section', { class: `ic-section ${cls}`, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title)), headingId };
}

// The matrix: probability 4 (top) to 1 down, consequence 1 to 4 across; each cell
// its risk value, its level in words and the risks in it by short number and title.
function matrixSection(reg: Register): HTMLElement {
  const { section: s, headingId } = section('ic-matrix-section', t('icMatrix'));
  const matrixId = uid('ic-matrix');
  const cell = (p: number, c: number) => {
    const v = p * c;
    const here = reg.risks.map((r, i) => ({ r, i })).filter(({ r }) => r.probability === p && r.consequence === c);
    return h(
      'td',
      { class: `ic-cell ic-level-${level(v)}`, 'data-probability': p, 'data-consequence': c, 'data-value': v, 'data-risks': here.map(({ r }) => r.id).join(' ') },
      h('span', { class: 'ic-cell-value' }, `${v}`, h('span', { class: 'ic-cell-level' }, ` ${levelText(level(v))}`)),
      here.length
        ? h('ul', { class: 'ic-cell-risks' }, ...here.map(({ r, i }) => h('li', { 'data-risk': r.id }, h('strong', null, shortNo(i)), h('span', { class: 'ic-cell-title' }, ` ${r.title}`))))
        : h('span', { class: 'sr-only' }, t('icNoRisksHere')),
    );
  };
  const matrix = h(
    'table',
    { id: matrixId, class: 'ic-matrix', 'aria-labelledby': headingId },
    h('caption', { class: 'ic-axes' }, t('icAxes')),
    h(
      'thead',
      null,
      h('tr', null, h('td', { class: 'ic-corner' }, h('span', { class: 'sr-only' }, `${t('icProbability')} / ${t('icConsequence')}`)),
        ...[1, 2, 3, 4].map((c) => h('th', { scope: 'col' }, h('span', { class: 'ic-axis-word' }, `${t('icConsequence')} `), String(c)))),
    ),
    h(
      'tbody',
      null,
      ...[4, 3, 2, 1].map((p) => h('tr', null, h('th', { scope: 'row' }, h('span', { class: 'ic-axis-word' }, `${t('icProbability')} `), String(p)), ...[1, 2, 3, 4].map((c) => cell(p, c)))),
    ),
  );
  const legend = h(
    'ul',
    { class: 'ic-legend', 'aria-label': t('icLegend') },
    ...(['low', 'medium', 'high', 'very_high'] as Level[]).map((l) =>
      h('li', null, h('span', { class: `ic-swatch ic-level-${l}`, 'aria-hidden': 'true' }), `${levelText(l)}: ${tr(`icLevelRange_${l}`)}`),
    ),
  );
  s.append(
    h('p', { class: 'muted small' }, t('icMatrixLead')),
    h('div', { class: 'ic-matrix-wrap' }, h('div', { class: 'ic-matrix-box' }, h('div', { class: 'table-wrap' }, matrix), legend), riskTable(reg)),
  );
  return s;
}

// The risks as a table, in the matrix's order (highest risk value first).
function riskTable(reg: Register): HTMLElement {
  const headingId = uid('ic-risks');
  const csv = (): CsvTable => ({
    header: [t('icShortNo'), t('icRisk'), t('icArea'), t('icAreaId'), t('icProbability'), t('icConsequence'), t('icRiskValue'), t('icOwner'), t('icBoard'), t('icDescription')],
    rows: reg.risks.map((r, i) => [shortNo(i), r.title, r.unit.name, r.unit.id, r.probability, r.consequence, r.risk_value, r.owner, yesNo(r.board_prioritised), r.description]),
  });
  return h(
    'div',
    { class: 'ic-risk-list' },
    h('h3', { id: headingId }, t('icRisks')),
    h('div', { class: 'table-actions' }, downloadButtons(t('icRisks'), () => ['intern-kontroll', 'risker', String(reg.year)], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table ic-risk-table', 'aria-labelledby': headingId },
        h(
          'thead',
          null,
          h('tr', null, ...(['icRisk', 'icArea', 'icProbability', 'icConsequence', 'icRiskValue', 'icOwner', 'icBoard'] as TextKey[]).map((k, i) =>
            h('th', { scope: 'col', class: i >= 2 && i <= 4 ? 'num' : null }, t(k)))),
        ),
        h(
          'tbody',
          null,
          ...reg.risks.map((r, i) =>
            h(
              'tr',
              { 'data-risk': r.id },
              h('th', { scope: 'row' }, h('strong', null, shortNo(i)), ` ${r.title}`),
              h('td', { 'data-col': 'area' }, r.unit.name),
              h('td', { class: 'num', 'data-col': 'probability' }, String(r.probability)),
              h('td', { class: 'num', 'data-col': 'consequence' }, String(r.consequence)),
              h('td', { class: 'num', 'data-col': 'risk_value' }, `${r.risk_value}`, h('span', { class: 'ic-cell-level small' }, ` ${levelText(level(r.risk_value))}`)),
              h('td', { 'data-col': 'owner' }, r.owner),
              h('td', { 'data-col': 'board' }, yesNo(r.board_prioritised)),
            ),
          ),
        ),
      ),
    ),
  );
}

// Kontrollplan: each risk with its controls.
function controlPlan(reg: Register): HTMLElement {
  const { section: s, headingId } = section('ic-plan', t('icControlPlan'));
  const csv = (): CsvTable => ({
    header: [t('icShortNo'), t('icRisk'), t('icWhat'), t('icHow'), t('icFrequency'), t('icResponsible')],
    rows: reg.risks.flatMap((r, i) => r.controls.map((c) => [shortNo(i), r.title, c.what, c.how, frequencyText(c.frequency), c.responsible])),
  });
  s.append(
    h('div', { class: 'table-actions' }, downloadButtons(t('icControlPlan'), () => ['intern-kontroll', 'kontrollplan', String(reg.year)], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table ic-plan-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, ...(['icRisk', 'icWhat', 'icHow', 'icFrequency', 'icResponsible'] as TextKey[]).map((k) => h('th', { scope: 'col' }, t(k))))),
        ...reg.risks.map((r, i) =>
          h(
            'tbody',
            { 'data-risk': r.id },
            ...(r.controls.length
              ? r.controls.map((c, j) =>
                  h(
                    'tr',
                    { 'data-control': c.id },
                    j === 0 ? h('th', { scope: 'rowgroup', rowspan: r.controls.length }, h('strong', null, shortNo(i)), ` ${r.title}`) : null,
                    h('td', { 'data-col': 'what' }, c.what),
                    h('td', { 'data-col': 'how' }, c.how || '–'),
                    h('td', { 'data-col': 'frequency', 'data-frequency': c.frequency }, frequencyText(c.frequency)),
                    h('td', { 'data-col': 'responsible' }, c.responsible),
                  ),
                )
              : [h('tr', null, h('th', { scope: 'row' }, h('strong', null, shortNo(i)), ` ${r.title}`), h('td', { colspan: 4, class: 'muted' }, t('icNoControls')))]),
          ),
        ),
      ),
    ),
  );
  return s;
}

// Uppföljning per tertial: each control's result in T1–T3 as icon and word, its text.
function followUp(reg: Register): HTMLElement {
  const { section: s, headingId } = section('ic-follow', t('icFollowUp'));
  const short = (p: string) => p.replace(/^\d{4}-/, '');
  const csv = (): CsvTable => ({
    header: [t('icShortNo'), t('icRisk'), t('icControl'), ...reg.periods.flatMap((p) => [`${t('icOutcome')} ${short(p)}`, `${t('icText')} ${short(p)}`])],
    rows: reg.risks.flatMap((r, i) =>
      r.controls.map((c) => [
        shortNo(i),
        r.title,
        c.what,
        ...reg.periods.flatMap((p) => {
          const res = c.results.find((x) => x.period === p);
          return [res ? res.outcome_text || outcomeText(res.outcome) : null, res?.text ?? null];
        }),
      ]),
    ),
  });
  const controls = reg.risks.flatMap((r, i) => r.controls.map((c) => ({ r, i, c })));
  s.append(
    h('p', { class: 'muted small' }, t('icFollowLead')),
    h('div', { class: 'table-actions' }, downloadButtons(t('icFollowUp'), () => ['intern-kontroll', 'uppfoljning', String(reg.year)], csv)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table ic-follow-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('icControl')), ...reg.periods.map((p) => h('th', { scope: 'col', 'data-period': p }, short(p))))),
        h(
          'tbody',
          null,
          ...controls.map(({ r, i, c }) =>
            h(
              'tr',
              { 'data-control': c.id, 'data-risk': r.id },
              h('th', { scope: 'row' }, c.what, h('span', { class: 'muted small ic-of-risk' }, ` (${shortNo(i)})`)),
              ...reg.periods.map((p) => {
                const res = c.results.find((x) => x.period === p);
                return h(
                  'td',
                  { 'data-period': p, 'data-outcome': res?.outcome ?? '' },
                  outcomeBadge(res),
                  res?.text ? h('span', { class: 'ic-result-text' }, res.text) : null,
                  res ? h('span', { class: 'muted small ic-result-by' }, `${res.by}, ${res.at.slice(0, 10)}`) : null,
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
  return s;
}

// --- editing (controllers, admins) -----------------------------------------------------

interface Field {
  name: string; // the contract's field name, matched against an error's code
  el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  wrap: HTMLElement;
}

function field(name: string, label: string, el: Field['el'], wide = false, help: string | null = null): Field {
  const id = uid(`ic-${name}`);
  el.id = id;
  el.name = name;
  const helpId = help ? uid('ic-help') : null;
  if (helpId) el.setAttribute('aria-describedby', helpId);
  const wrap = h('div', { class: `field${wide ? ' field-wide' : ''}` }, h('label', { for: id }, label), el, help ? h('p', { id: helpId, class: 'help' }, help) : null);
  return { name, el, wrap };
}

function select(options: [string, string][], chosen: string | number | null = null): HTMLSelectElement {
  return h('select', null, ...options.map(([v, label]) => h('option', { value: v, selected: String(chosen) === v }, label)));
}

// The field an error is about: by its code (text_required → text, bad_frequency →
// frequency, …), else the field the message names in quotes ("'title' krävs",
// "'probability' ska vara ett heltal 1–4").
const codeField: Record<string, string> = {
  text_required: 'text',
  bad_frequency: 'frequency',
  bad_outcome: 'outcome',
  period_not_in_register: 'period',
  unknown_unit: 'unit',
  risk_not_found: 'risk_id',
  control_not_found: 'control_id',
};
function namedField(err: unknown, fields: Field[]): Field | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const byCode = codeField[err.code];
  if (byCode) return fields.find((f) => f.name === byCode);
  const quoted = [...err.message.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  return fields.find((f) => quoted.includes(f.name) || (err.code !== '' && err.code.includes(f.name)));
}

// Sends a form: clears the previous message, shows the server's in the form (as an
// alert) with the field its code names marked invalid and focused.
async function submit(form: HTMLFormElement, note: HTMLElement, fields: Field[], send: () => Promise<void>): Promise<void> {
  note.replaceChildren();
  for (const f of fields) f.el.removeAttribute('aria-invalid');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  button?.setAttribute('aria-disabled', 'true');
  try {
    await send();
  } catch (err) {
    if (isSessionLost(err)) return;
    const named = namedField(err, fields);
    // The server names a field by its name in the contract ('title' krävs): the box
    // says which field of the form that is, and the field is described by the box.
    const label = named ? form.querySelector(`label[for="${named.el.id}"]`)?.textContent ?? '' : '';
    const box = errorBox(named && label && err instanceof Error ? new Error(`${err.message} (${label})`) : err);
    box.id = uid('ic-error');
    note.replaceChildren(box);
    if (named) {
      named.el.setAttribute('aria-invalid', 'true');
      const described = (named.el.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.startsWith('ic-error-'));
      named.el.setAttribute('aria-describedby', [...described, box.id].join(' '));
      named.el.focus();
    } else {
      (note.querySelector('[role=alert]') as HTMLElement | null)?.setAttribute('tabindex', '-1');
      (note.querySelector('[role=alert]') as HTMLElement | null)?.focus();
    }
  } finally {
    button?.removeAttribute('aria-disabled');
  }
}

function editSection(reg: Register, units: UnitsResponse, year: number, reload: (m: string) => Promise<void>): HTMLElement {
  const { section: s } = section('ic-edit', t('icEdit'));
  s.append(
    h('p', { class: 'muted small' }, t('icEditLead')),
    riskForm(reg, units, year, reload),
    controlForm(reg, reload),
    resultForm(reg, reload),
    importForm(year, reload),
  );
  return s;
}

// The areas a risk may be placed in: the administration and the units directly below it
// (and any other unit a risk of the year already is in).
function areaOptions(reg: Register, units: UnitsResponse): [string, string][] {
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const admin = byId.get(units.administration);
  const ids = [units.administration, ...(admin?.children ?? [])];
  for (const r of reg.risks) if (!ids.includes(r.unit.id)) ids.push(r.unit.id);
  return ids.map((id) => [id, byId.get(id)?.name ?? reg.risks.find((r) => r.unit.id === id)?.unit.name ?? id]);
}

function disclosure(cls: string, title: string, form: HTMLElement): HTMLElement {
  return h('details', { class: `ic-disclosure ${cls}` }, h('summary', null, title), form);
}

function riskForm(reg: Register, units: UnitsResponse, year: number, reload: (m: string) => Promise<void>): HTMLElement {
  const choice = field('risk_choice', t('icChooseRisk'), select([['', t('icNewRisk')], ...reg.risks.map((r, i): [string, string] => [String(r.id), `${shortNo(i)} ${r.title}`])]), true);
  const unit = field('unit', t('icArea'), select(areaOptions(reg, units), units.administration));
  const title = field('title', t('icTitle'), h('input', { type: 'text', autocomplete: 'off' }), true);
  const description = field('description', t('icDescription'), h('textarea', { rows: 3 }), true);
  const nums: [string, string][] = [1, 2, 3, 4].map((n) => [String(n), String(n)]);
  const probability = field('probability', t('icProbability'), select(nums, 1));
  const consequence = field('consequence', t('icConsequence'), select(nums, 1));
  const owner = field('owner', t('icOwner'), h('input', { type: 'text', autocomplete: 'off' }));
  const board = h('input', { type: 'checkbox', id: uid('ic-board'), name: 'board_prioritised' });
  const boardWrap = h('div', { class: 'field field-check' }, board, h('label', { for: board.id }, t('icBoard')));
  const fields = [unit, title, description, probability, consequence, owner];
  const note = h('div', { class: 'form-status' });
  const remove = h('button', { type: 'button', class: 'secondary ic-remove', hidden: true }, t('icRemoveRisk'));
  const save = h('button', { type: 'submit' }, t('icSaveRisk'));
  const chosen = () => reg.risks.find((r) => String(r.id) === choice.el.value);
  const prefill = () => {
    const r = chosen();
    (unit.el as HTMLSelectElement).value = r?.unit.id ?? units.administration;
    title.el.value = r?.title ?? '';
    description.el.value = r?.description ?? '';
    probability.el.value = String(r?.probability ?? 1);
    consequence.el.value = String(r?.consequence ?? 1);
    owner.el.value = r?.owner ?? '';
    board.checked = r?.board_prioritised ?? false;
    remove.hidden = !r;
    note.replaceChildren();
  };
  choice.el.addEventListener('change', prefill);
  const form = h('form', { class: 'ic-form ic-risk-form', novalidate: true }, choice.wrap, unit.wrap, title.wrap, description.wrap, probability.wrap, consequence.wrap, owner.wrap, boardWrap,
    h('div', { class: 'ic-buttons' }, save, remove), note);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const r = chosen();
    void submit(form, note, fields, async () => {
      await postJson('internal-control/risks', {
        ...(r ? { id: r.id } : {}),
        year,
        unit: unit.el.value,
        title: title.el.value.trim(),
        description: description.el.value.trim(),
        probability: Number(probability.el.value),
        consequence: Number(consequence.el.value),
        owner: owner.el.value.trim(),
        board_prioritised: board.checked,
      });
      await reload(fill(r ? t('icRiskChanged') : t('icRiskAdded'), { title: title.el.value.trim() }));
    });
  });
  remove.addEventListener('click', async () => {
    const r = chosen();
    if (!r) return;
    const ok = await confirmDialog(fill(t('icConfirmRemoveRisk'), { title: r.title, n: r.controls.length }), t('icRemoveRisk'));
    if (!ok) return;
    await submit(form, note, [], async () => {
      await postJson('internal-control/risks', { id: r.id, remove: true });
      await reload(fill(t('icRiskRemoved'), { title: r.title }));
    });
  });
  return disclosure('ic-risk-edit', t('icRiskForm'), form);
}

function controlForm(reg: Register, reload: (m: string) => Promise<void>): HTMLElement {
  const all = reg.risks.flatMap((r, i) => r.controls.map((c) => ({ r, i, c })));
  const choice = field('control_choice', t('icChooseControl'), select([['', t('icNewControl')], ...all.map(({ i, c }): [string, string] => [String(c.id), `${shortNo(i)}: ${c.what}`])]), true);
  const risk = field('risk_id', t('icRisk'), select(reg.risks.map((r, i): [string, string] => [String(r.id), `${shortNo(i)} ${r.title}`])), true);
  const what = field('what', t('icWhat'), h('input', { type: 'text', autocomplete: 'off' }), true);
  const how = field('how', t('icHow'), h('input', { type: 'text', autocomplete: 'off' }), true);
  const frequency = field('frequency', t('icFrequency'), select(frequencies.map((f): [string, string] => [f, frequencyText(f)]), 'tertial'));
  const responsible = field('responsible', t('icResponsible'), h('input', { type: 'text', autocomplete: 'off' }));
  const fields = [risk, what, how, frequency, responsible];
  const note = h('div', { class: 'form-status' });
  const remove = h('button', { type: 'button', class: 'secondary ic-remove', hidden: true }, t('icRemoveControl'));
  const chosen = () => all.find(({ c }) => String(c.id) === choice.el.value);
  choice.el.addEventListener('change', () => {
    const x = chosen();
    if (x) risk.el.value = String(x.r.id);
    risk.el.disabled = !!x;
    what.el.value = x?.c.what ?? '';
    how.el.value = x?.c.how ?? '';
    frequency.el.value = x?.c.frequency ?? 'tertial';
    responsible.el.value = x?.c.responsible ?? '';
    remove.hidden = !x;
    note.replaceChildren();
  });
  const form = h('form', { class: 'ic-form ic-control-form', novalidate: true }, choice.wrap, risk.wrap, what.wrap, how.wrap, frequency.wrap, responsible.wrap,
    h('div', { class: 'ic-buttons' }, h('button', { type: 'submit' }, t('icSaveControl')), remove), note);
  if (reg.risks.length === 0) return disclosure('ic-control-edit', t('icControlForm'), h('p', { class: 'muted' }, t('icNoRiskYet')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const x = chosen();
    void submit(form, note, fields, async () => {
      await postJson('internal-control/controls', {
        ...(x ? { id: x.c.id } : { risk_id: Number(risk.el.value) }),
        what: what.el.value.trim(),
        how: how.el.value.trim(),
        frequency: frequency.el.value,
        responsible: responsible.el.value.trim(),
      });
      await reload(fill(x ? t('icControlChanged') : t('icControlAdded'), { what: what.el.value.trim() }));
    });
  });
  remove.addEventListener('click', async () => {
    const x = chosen();
    if (!x) return;
    const ok = await confirmDialog(fill(t('icConfirmRemoveControl'), { what: x.c.what }), t('icRemoveControl'));
    if (!ok) return;
    await submit(form, note, [], async () => {
      await postJson('internal-control/controls', { id: x.c.id, remove: true });
      await reload(fill(t('icControlRemoved'), { what: x.c.what }));
    });
  });
  return disclosure('ic-control-edit', t('icControlForm'), form);
}

function resultForm(reg: Register, reload: (m: string) => Promise<void>): HTMLElement {
  const all = reg.risks.flatMap((r, i) => r.controls.map((c) => ({ r, i, c })));
  if (all.length === 0) return disclosure('ic-result-edit', t('icResultForm'), h('p', { class: 'muted' }, t('icNoControlYet')));
  const control = field('control_id', t('icControl'), select(all.map(({ i, c }): [string, string] => [String(c.id), `${shortNo(i)}: ${c.what}`])), true);
  const period = field('period', t('icPeriod'), select(reg.periods.map((p): [string, string] => [p, p])));
  const outcome = field('outcome', t('icOutcome'), select(outcomes.map((o): [string, string] => [o, outcomeText(o)])));
  const text = field('text', t('icText'), h('textarea', { rows: 3 }), true, t('icTextHelp'));
  const fields = [control, period, outcome, text];
  const note = h('div', { class: 'form-status' });
  const current = () => all.find(({ c }) => String(c.id) === control.el.value)?.c.results.find((r) => r.period === period.el.value);
  const prefill = () => {
    const r = current();
    if (r) outcome.el.value = r.outcome;
    text.el.value = r?.text ?? '';
  };
  control.el.addEventListener('change', prefill);
  period.el.addEventListener('change', prefill);
  prefill();
  const form = h('form', { class: 'ic-form ic-result-form', novalidate: true }, control.wrap, period.wrap, outcome.wrap, text.wrap,
    h('div', { class: 'ic-buttons' }, h('button', { type: 'submit' }, t('icSaveResult'))), note);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(form, note, fields, async () => {
      await postJson('internal-control/results', {
        control_id: Number(control.el.value),
        period: period.el.value,
        outcome: outcome.el.value,
        text: text.el.value.trim(),
      });
      await reload(fill(t('icResultSaved'), { period: period.el.value }));
    });
  });
  return disclosure('ic-result-edit', t('icResultForm'), form);
}

// The register as a CSV file (the columns `nara internal-control import` reads).
function importForm(year: number, reload: (m: string) => Promise<void>): HTMLElement {
  const file = field('file', t('icImportFile'), h('input', { type: 'file', accept: '.csv,text/csv' }), true, t('icImportHelp'));
  const replace = h('input', { type: 'checkbox', id: uid('ic-replace'), name: 'replace' });
  const note = h('div', { class: 'form-status' });
  const form = h('form', { class: 'ic-form ic-import-form', novalidate: true }, file.wrap,
    h('div', { class: 'field field-check' }, replace, h('label', { for: replace.id }, fill(t('icImportReplace'), { year }))),
    h('div', { class: 'ic-buttons' }, h('button', { type: 'submit' }, t('icImportButton'))), note);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = (file.el as HTMLInputElement).files?.[0];
    note.replaceChildren();
    if (!f) {
      note.replaceChildren(errorBox(new Error(t('icImportNoFile'))));
      file.el.setAttribute('aria-invalid', 'true');
      file.el.focus();
      return;
    }
    void (async () => {
      const text = await f.text();
      await submit(form, note, [file], async () => {
        try {
          const r = await post<{ risks: number; controls: number; results: number }>('internal-control/import', text, 'text/csv; charset=utf-8',
            { year, ...(replace.checked ? { replace: 1 } : {}) });
          await reload(fill(t('icImported'), { file: f.name, risks: r.risks, controls: r.controls, results: r.results }));
        } catch (err) {
          if (err instanceof IcError && err.lines.length) {
            // The problems with their lines, under the server's message.
            note.replaceChildren(
              errorBox(err),
              h('ul', { class: 'ic-problems', 'aria-label': t('icProblems') },
                ...err.lines.map((p) => h('li', null, p.line ? h('strong', null, `${fill(t('icLine'), { line: p.line })}${problemColumn(p) ? `, ${problemColumn(p)}` : ''}: `) : null, p.message))),
            );
            const alert = note.querySelector<HTMLElement>('[role=alert]');
            alert?.setAttribute('tabindex', '-1');
            alert?.focus();
            return;
          }
          throw err;
        }
      });
    })();
  });
  return disclosure('ic-import', t('icImport'), form);
}
