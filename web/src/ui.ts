// Small building blocks shared by the pages: element creation, the period picker,
// the unit tree picker, scorecard tables (with a marker where an analysis is written)
// and sparklines.
import type { Result, ScoreRow, Unit, UnitsResponse } from './api';
import { get } from './api';
import { describePeriod, formatValue, lastMonth, parsePeriod, periodText, statusBadge, type PeriodKind } from './format';
import { currentLang, t, tr, type TextKey } from './i18n';

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = String(v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

let idCounter = 0;
export function uid(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}

export function loading(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('loading'));
}

export function errorBox(e: unknown): HTMLElement {
  const message = e instanceof Error ? e.message : String(e);
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, `${t('error')}: `), message);
}

// --- navigation state ----------------------------------------------------------------

export interface Scope {
  period: string;
  unit: string;
}

// A page's address; it names the language, so that a link shared opens the page in
// the language it was read in.
export function hrefFor(page: string, scope: Partial<Scope>, id?: string): string {
  const q = new URLSearchParams();
  if (scope.period) q.set('period', scope.period);
  if (scope.unit) q.set('unit', scope.unit);
  q.set('lang', currentLang());
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}?${q.toString()}`;
}

// --- focus across a new drawing of the page -----------------------------------------

// Every choice in a picker draws the page anew (the route renders from the URL), which
// would drop the focus at the document's start. A control that changes the view names
// itself (its data-focus-key) before it does; main.ts gives the focus back to the
// control of that name in the new view once it is drawn.
let focusKey: string | null = null;

export function refocusAfterRender(key: string): void {
  focusKey = key;
}

// Focuses the control named by the last refocusAfterRender() inside `root`, once;
// true when there was one to focus.
export function restoreFocus(root: HTMLElement): boolean {
  const key = focusKey;
  focusKey = null;
  const el = key ? root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  el?.focus();
  return el !== null;
}

// A choice made with selects that takes effect only when committed: with the "Visa"
// button, or Enter in one of the selects. Moving through a select's options with the
// arrow keys changes nothing yet (in Chromium each arrow key fires `change`, and a
// page drawn anew on each would lose the reader's place). `key` names the controls for
// refocusAfterRender: `${key}-apply` the button, each select its own data-focus-key.
export function choiceForm(cls: string, key: string, commit: () => void, ...children: Child[]): HTMLFormElement {
  const apply = h('button', { type: 'submit', class: 'apply-choice', 'data-focus-key': `${key}-apply` }, t('show'));
  const form = h('form', { class: `choice-form ${cls}` }, ...children, apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const active = document.activeElement as HTMLElement | null;
    refocusAfterRender(active && form.contains(active) && active.dataset.focusKey ? active.dataset.focusKey : `${key}-apply`);
    commit();
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  return form;
}

// --- period picker -------------------------------------------------------------------

// The period as its kind, year and month/tertial/quarter; `onChange` is called with
// the new period (2024-T2) when the reader commits the choice (choiceForm).
export function periodPicker(period: string, firstYear: number, lastYear: number, onChange: (p: string) => void): HTMLElement {
  const p = parsePeriod(period) ?? { kind: 'year' as PeriodKind, year: lastYear, index: 0 };
  const kindId = uid('period-kind');
  const yearId = uid('period-year');
  const indexId = uid('period-index');
  const kinds: [PeriodKind, string][] = [
    ['month', t('month')],
    ['tertial', t('tertial')],
    ['quarter', t('quarter')],
    ['year', t('wholeYear')],
    ['ytd', t('ytd')],
    ['r12', t('r12')],
  ];
  const kind = h('select', { id: kindId, 'data-focus-key': 'period-kind' }, ...kinds.map(([k, label]) => h('option', { value: k, selected: k === p.kind }, label)));
  const year = h('select', { id: yearId, 'data-focus-key': 'period-year' });
  for (let y = lastYear; y >= firstYear; --y) year.append(h('option', { value: y, selected: y === p.year }, String(y)));
  const index = h('select', { id: indexId, 'data-focus-key': 'period-index' });
  const indexLabel = h('label', { for: indexId });
  const indexWrap = h('div', { class: 'field' }, indexLabel, index);

  const fillIndex = (k: PeriodKind, keep: number) => {
    index.replaceChildren();
    if (k === 'tertial') {
      indexLabel.textContent = t('tertial');
      for (let i = 1; i <= 3; ++i) index.append(h('option', { value: i, selected: i === keep }, `T${i}`));
    } else if (k === 'quarter') {
      indexLabel.textContent = t('quarter');
      for (let i = 1; i <= 4; ++i) index.append(h('option', { value: i, selected: i === keep }, `Q${i}`));
    } else if (k !== 'year') {
      indexLabel.textContent = k === 'month' ? t('month') : t('through');
      t('months').forEach((m, i) => index.append(h('option', { value: i + 1, selected: i + 1 === keep }, m)));
    }
    indexWrap.hidden = k === 'year';
  };
  fillIndex(p.kind, p.index);

  const chosen = () => {
    const k = kind.value as PeriodKind;
    return periodText({ kind: k, year: +year.value, index: k === 'year' ? 0 : +index.value });
  };
  kind.addEventListener('change', () => {
    const k = kind.value as PeriodKind;
    // Keep the same end month where possible.
    const end = lastMonth({ kind: p.kind, year: p.year, index: p.index || 12 });
    const keep = k === 'tertial' ? Math.ceil(end / 4) : k === 'quarter' ? Math.ceil(end / 3) : end;
    fillIndex(k, keep);
  });

  return h(
    'fieldset',
    { class: 'picker period-picker' },
    h('legend', null, t('period')),
    choiceForm(
      'period-form',
      'period',
      () => onChange(chosen()),
      h('div', { class: 'field' }, h('label', { for: kindId }, t('periodKind')), kind),
      h('div', { class: 'field' }, h('label', { for: yearId }, t('year')), year),
      indexWrap,
    ),
  );
}

// --- unit tree picker ----------------------------------------------------------------

export function unitName(u: Unit | undefined): string {
  return u ? u.name : '';
}

// A button showing the chosen unit that opens the organisation as a tree: every unit
// is a button (Enter chooses it), units with children have an expand button.
export function unitPicker(units: UnitsResponse, selected: string, onSelect: (id: string) => void): HTMLElement {
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const panelId = uid('unit-tree');
  const current = byId.get(selected);
  const trigger = h(
    'button',
    { type: 'button', class: 'unit-trigger', 'aria-expanded': 'false', 'aria-controls': panelId, 'data-focus-key': 'unit-trigger' },
    h('span', { class: 'sr-only' }, `${t('unitLabel')}: `),
    current ? current.name : selected,
    h('span', { 'aria-hidden': 'true' }, ' ▾'),
  );
  const filterId = uid('unit-filter');
  const filter = h('input', { id: filterId, type: 'search', autocomplete: 'off' });
  const tree = h('ul', { class: 'unit-tree', 'aria-label': t('chooseUnit') });
  const panel = h(
    'div',
    { id: panelId, class: 'unit-panel', hidden: true },
    h('div', { class: 'field' }, h('label', { for: filterId }, t('filterUnits')), filter),
    tree,
  );

  // Units on the way to the selected one start expanded.
  const open = new Set<string>();
  for (let u = byId.get(selected); u && u.parent; u = byId.get(u.parent)) open.add(u.parent);
  if (units.root) open.add(units.root);
  if (units.administration) open.add(units.administration);

  const close = () => {
    panel.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
  };

  const node = (u: Unit, q: string): HTMLElement | null => {
    const kids = u.children.map((c) => byId.get(c)).filter((c): c is Unit => !!c);
    const kidNodes = kids.map((k) => node(k, q)).filter((n): n is HTMLElement => !!n);
    const matches = !q || u.name.toLowerCase().includes(q) || u.id.toLowerCase().includes(q);
    if (!matches && kidNodes.length === 0) return null;
    const expanded = q ? true : open.has(u.id);
    const li = h('li');
    if (kids.length > 0) {
      const toggle = h(
        'button',
        {
          type: 'button',
          class: 'tree-toggle',
          'aria-expanded': String(expanded),
          'aria-label': `${expanded ? t('hideChildren') : t('showChildren')} ${u.name}`,
          onclick: () => {
            if (open.has(u.id)) open.delete(u.id);
            else open.add(u.id);
            render();
            (tree.querySelector(`[data-toggle="${CSS.escape(u.id)}"]`) as HTMLElement | null)?.focus();
          },
        },
        expanded ? '▾' : '▸',
      );
      toggle.dataset.toggle = u.id;
      li.append(toggle);
    } else {
      li.append(h('span', { class: 'tree-spacer', 'aria-hidden': 'true' }));
    }
    const choose = h(
      'button',
      {
        type: 'button',
        class: 'tree-unit',
        'aria-current': u.id === selected ? 'true' : null,
        onclick: () => {
          close();
          if (u.id === selected) {
            trigger.focus();
            return;
          }
          refocusAfterRender('unit-trigger');
          onSelect(u.id);
        },
      },
      u.name,
      u.ownership === 'private' ? h('span', { class: 'muted' }, ` (${t('private')})`) : null,
    );
    choose.dataset.unit = u.id;
    if (q && matches) choose.dataset.match = 'true';
    li.append(choose);
    if (expanded && kidNodes.length > 0) li.append(h('ul', null, ...kidNodes));
    return li;
  };

  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const root = byId.get(units.root);
    tree.replaceChildren();
    const n = root ? node(root, q) : null;
    if (n) tree.append(n);
  };

  trigger.addEventListener('click', () => {
    const willOpen = panel.hidden;
    panel.hidden = !willOpen;
    trigger.setAttribute('aria-expanded', String(willOpen));
    if (willOpen) {
      render();
      filter.focus();
    }
  });
  filter.addEventListener('input', render);
  // Keyboard: Escape closes; the arrow keys move between the units shown (from the
  // search field, Down goes to the first unit that matches); Enter chooses.
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      trigger.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const units = [...tree.querySelectorAll<HTMLElement>('.tree-unit')];
    if (units.length === 0) return;
    e.preventDefault();
    if (document.activeElement === filter) {
      const first = tree.querySelector<HTMLElement>('.tree-unit[data-match]') ?? tree.querySelector<HTMLElement>('.tree-unit[aria-current]') ?? units[0];
      first.focus();
      return;
    }
    const at = units.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? Math.min(units.length - 1, at + 1) : at - 1;
    if (next < 0) filter.focus();
    else units[next].focus();
  });

  return h(
    'div',
    { class: 'picker unit-picker' },
    h('span', { class: 'picker-label', 'aria-hidden': 'true' }, t('unitLabel')),
    trigger,
    panel,
  );
}

// --- sparkline -----------------------------------------------------------------------

// The last 12 months' values as a small line. With `target` (a threshold comparable to
// a month's value: a rate's) the target is a dashed line on the same scale, and the
// scale holds both; without, the label says the line has no target beside it.
export function sparkline(values: (number | null)[], display: string, decimals: number, target: number | null = null): Element {
  const points = values.map((value) => ({ value }));
  const w = 96;
  const hgt = 24;
  const vals = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('class', 'sparkline');
  if (vals.length === 0) {
    svg.setAttribute('aria-hidden', 'true');
    return svg;
  }
  const hasTarget = target !== null && Number.isFinite(target);
  const first = points.find((p) => p.value !== null);
  const last = [...points].reverse().find((p) => p.value !== null);
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `${t('trendOver')}: ${t('from')} ${formatValue(first?.value, display, decimals)} ${t('to')} ${formatValue(last?.value, display, decimals)}; ` +
      (hasTarget ? `${t('sparkTarget')} ${formatValue(target, display, decimals)}` : t('sparkNoTarget')),
  );
  const scaled = hasTarget ? [...vals, target] : vals;
  const lo = Math.min(...scaled);
  const hi = Math.max(...scaled);
  const span = hi - lo || 1;
  const y = (v: number) => hgt - 3 - ((v - lo) / span) * (hgt - 6);
  if (hasTarget) {
    const line = document.createElementNS(svgNs, 'line');
    const ty = y(target).toFixed(1);
    for (const [k, v] of [['x1', '2'], ['x2', String(w - 2)], ['y1', ty], ['y2', ty], ['class', 'spark-target'], ['stroke-dasharray', '3 2'], ['stroke-width', '1']]) line.setAttribute(k, v);
    svg.append(line);
  }
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      pen = false;
      return;
    }
    const x = 2 + (i * (w - 4)) / Math.max(1, points.length - 1);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y(p.value).toFixed(1)} `;
    pen = true;
  });
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', d.trim());
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.5');
  svg.append(path);
  return svg;
}

// --- targets ---------------------------------------------------------------------------

// A row's target as the server words it for the row's period ("≥ 218 487"), with the
// rule it came from ("655 462 per år → 218 487 för 2024-T3") as a smaller second line.
// '–' when the unit has no target.
export function targetInfo(r: Pick<Result, 'target_text' | 'target_rule'>): HTMLElement {
  // Keep a comparison sign on the line of its number.
  const text = r.target_text || '–';
  const wrap = h('span', { class: 'target' }, h('span', { class: 'target-text', 'data-col': 'target' }, text));
  if (r.target_rule) {
    wrap.append(h('span', { class: 'target-rule' }, h('span', { class: 'sr-only' }, `${t('targetRule')}: `), ...unbrokenPeriods(r.target_rule)));
  }
  return wrap;
}

// The text with its periods and dates (2024-T3, 2023-12, 2024-04-30, R12-2024-06) each
// kept on one line: a line break at their hyphen would read as two things.
function unbrokenPeriods(text: string): (string | HTMLElement)[] {
  // split() with a group puts the periods at the odd places.
  return text
    .split(/((?:R12-)?\d{4}-(?:T\d|Q\d|YTD-\d{2}|\d{2}(?:-\d{2})?))/)
    .map((part, i) => (i % 2 === 1 ? h('span', { class: 'nowrap' }, part) : part))
    .filter((part) => part !== '');
}

// --- tables that scroll ----------------------------------------------------------------

// A table too wide for the window scrolls sideways inside its .table-wrap, never the
// page. Each wrap in `root` becomes a region named after its table (the table's
// aria-labelledby, its caption, or the heading before it), focusable (tabindex=0)
// while it is wider than its box, so that the keyboard can scroll it, and not a tab
// stop otherwise. Called for every view drawn (main.ts), a wrap once.
const wrapWatch = new ResizeObserver((entries) => {
  for (const e of entries) {
    const wrap = (e.target as HTMLElement).closest<HTMLElement>('.table-wrap');
    if (!wrap) continue;
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls) wrap.tabIndex = 0;
    else wrap.removeAttribute('tabindex');
  }
});

export function scrollRegions(root: ParentNode): void {
  for (const wrap of root.querySelectorAll<HTMLElement>('.table-wrap:not([data-region])')) {
    const table = wrap.querySelector('table');
    if (!table) continue;
    wrap.dataset.region = 'true';
    wrap.setAttribute('role', 'region');
    if (!wrap.hasAttribute('aria-label') && !wrap.hasAttribute('aria-labelledby')) {
      const by = table.getAttribute('aria-labelledby');
      const caption = table.querySelector('caption')?.textContent;
      const heading = wrap.closest('section')?.querySelector('h2, h3')?.textContent;
      if (by) wrap.setAttribute('aria-labelledby', by);
      else wrap.setAttribute('aria-label', caption || heading || t('table'));
    }
    wrapWatch.observe(wrap);
    wrapWatch.observe(table);
  }
}

// --- scorecard tables ----------------------------------------------------------------

// A column's name inside its cell, shown only where the table is laid out as one block
// per row (narrow screens); screen readers have the column header.
function cellLabel(key: TextKey): HTMLElement {
  return h('span', { class: 'cell-label', 'aria-hidden': 'true' }, t(key));
}

// One table per perspective, in the catalogue's order of perspectives. On narrow
// screens each row becomes a block (CSS); the explicit roles keep it a table for
// assistive technology whatever its display.
//
// `rates`: the indicators whose month values compare with the period's target (the
// catalogue's measure 'rate'); their trend shows the target as a dashed line on the
// same scale. Without it no trend has a target line, and the note above says so.
export function scorecardTables(rows: ScoreRow[], perspectives: string[], scope: Scope, rates: Set<string> | null = null): HTMLElement {
  const wrap = h('div', { class: 'scorecard' }, h('p', { class: 'muted small spark-note' }, rates ? t('sparkNoteTargets') : t('sparkNoteNone')));
  for (const persp of perspectives) {
    const list = rows.filter((r) => r.perspective === persp);
    if (list.length === 0) continue;
    const headingId = uid('persp');
    const col = (key: TextKey, cls: string | null = null) => h('th', { scope: 'col', role: 'columnheader', class: cls }, t(key));
    const table = h(
      'table',
      { class: 'score-table', role: 'table', 'aria-labelledby': headingId },
      h(
        'thead',
        { role: 'rowgroup' },
        h('tr', { role: 'row' }, col('indicator'), col('target'), col('outcome', 'num'), col('status'), col('previousYear', 'num'), col('trend')),
      ),
      h(
        'tbody',
        { role: 'rowgroup' },
        ...list.map((r) =>
          h(
            'tr',
            { role: 'row', 'data-indicator': r.indicator, 'data-status': r.status },
            h('th', { scope: 'row', role: 'rowheader', class: 'name' }, h('a', { href: hrefFor('indikator', scope, r.indicator) }, r.name)),
            h('td', { role: 'cell', class: 'target-cell' }, cellLabel('target'), targetInfo(r)),
            h('td', { role: 'cell', class: 'num value' }, cellLabel('outcome'), h('span', { 'data-col': 'value' }, formatValue(r.value, r.display, r.decimals))),
            h('td', { role: 'cell', class: 'status-cell' }, statusBadge(r.status)),
            h('td', { role: 'cell', class: 'num previous' }, cellLabel('previousYear'), h('span', { 'data-col': 'previous' }, formatValue(r.previous_year_value, r.display, r.decimals))),
            h('td', { role: 'cell', class: 'trend-cell' }, sparkline(r.sparkline, r.display, r.decimals, rates?.has(r.indicator) ? r.target : null)),
          ),
        ),
      ),
    );
    wrap.append(h('section', { class: 'perspective' }, h('h2', { id: headingId }, tr(`perspective_${persp}`)), h('div', { class: 'table-wrap' }, table)));
  }
  markAnalysed(wrap, scope);
  return wrap;
}

// A row whose indicator has an analysis written for the unit in the period's year (for
// any of its periods: analysis.ts shows them all) gets a marker named "Analys finns",
// once the texts are read. The marker is an extra: the table stands without it.
function markAnalysed(wrap: HTMLElement, scope: Scope): void {
  const year = parsePeriod(scope.period)?.year;
  if (!scope.unit || !year) return;
  get<{ comments: { subject_id: string; text: string }[] }>('comments', { subject_kind: 'indicator', unit: scope.unit, year })
    .then((r) => {
      const ids = new Set(r.comments.filter((c) => c.text).map((c) => c.subject_id));
      for (const row of wrap.querySelectorAll<HTMLElement>('tr[data-indicator]')) {
        if (!ids.has(row.dataset.indicator ?? '')) continue;
        row.querySelector('th.name')?.append(h('span', { class: 'analysis-marker', role: 'img', 'aria-label': t('analysisExists'), title: t('analysisExists') }, '✎'));
      }
    })
    .catch(() => undefined);
}

export function scopeHeading(title: string, unitName: string, period: string): HTMLElement {
  return h('h1', null, `${title}: ${unitName}, ${describePeriod(period)}`);
}

// --- comments ------------------------------------------------------------------------

// Who may write a comment box's analysis: only then is its form offered; otherwise
// `note` (when given) says why not.
export interface CommentAccess {
  mayWrite: boolean;
  note?: string;
}

// The analysis box itself (the texts of the year, their history and actions) is
// analysis.ts's analysisBox.

// --- confirmation ----------------------------------------------------------------------

// Asks before a change that is hard or impossible to undo: a modal <dialog> (focus
// kept inside, Escape cancels) with `message`, optional `details` (what will change)
// and two buttons; the focus starts on Cancel and returns to where it was. Resolves
// true when confirmed.
export function confirmDialog(message: string, confirmLabel: string, details: Node | null = null): Promise<boolean> {
  const titleId = uid('confirm-title');
  const ok = h('button', { type: 'button', class: 'confirm-ok' }, confirmLabel);
  const cancel = h('button', { type: 'button', class: 'confirm-cancel secondary' }, t('cancel'));
  const dialog = h(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': titleId },
    h('p', { id: titleId, class: 'confirm-message' }, message),
    details,
    h('div', { class: 'confirm-buttons' }, ok, cancel),
  );
  const back = document.activeElement as HTMLElement | null;
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    ok.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      back?.focus();
      resolve(answer);
    });
    dialog.showModal();
    cancel.focus();
  });
}
