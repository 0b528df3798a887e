// Dataimport: upload an extract, see its validation errors with line numbers, and
// the history of loaded batches. The upload form is offered to controllers and
// administrators of a database server only; everyone else reads the history.
// Superseding and removing a batch are deliberate and reversible (issue 13): before
// an upload that supersedes a batch, and before a removal, the page shows what would
// change (the server's preview: rows out and in, months, indicators) and asks to
// confirm; removed and superseded batches wait in the trash, listed with their state,
// restorable by controllers and administrators, purged for good by administrators.
import type { Batch, ChangePreview, Problem } from '../api';
import { ApiError, get, previewUpload, purgeBatch, removeBatch, restoreBatch, upload } from '../api';
import { isAdmin, mayImport } from '../access';
import type { Context } from '../context';
import { downloadButtons } from '../download';
import { formatCount } from '../format';
import { t, tr } from '../i18n';
import { confirmDialog, errorBox, h, uid } from '../ui';

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

const inTrash = (b: Batch) => b.state === 'superseded' || b.state === 'removed';

// What a change would do, as the server previews it: for the confirmation dialog.
export function previewDetails(p: ChangePreview): HTMLElement {
  const list = (items: string[]) => (items.length ? items.join(', ') : t('previewNone'));
  const dl = h(
    'dl',
    null,
    h('dt', null, t('table')),
    h('dd', { 'data-preview': 'table' }, p.table),
    ...(p.file_name ? [h('dt', null, t('file')), h('dd', null, p.file_name)] : []),
    h('dt', null, t('previewBatchesOut')),
    h('dd', { 'data-preview': 'batches_out' }, list(p.batches_out.map(String))),
    h('dt', null, t('previewRowsOut')),
    h('dd', { 'data-preview': 'rows_out' }, formatCount(p.rows_out)),
    h('dt', null, t('previewRowsIn')),
    h('dd', { 'data-preview': 'rows_in' }, formatCount(p.rows_in)),
    h('dt', null, t('previewMonthsBefore')),
    h('dd', null, p.months_before.length ? `${p.months_before[0]} – ${p.months_before[p.months_before.length - 1]}` : t('previewNone')),
    h('dt', null, t('previewMonthsAfter')),
    h('dd', null, p.months_after.length ? `${p.months_after[0]} – ${p.months_after[p.months_after.length - 1]}` : t('previewNone')),
    h('dt', null, t('previewIndicators')),
    h('dd', { 'data-preview': 'indicators' }, list(p.indicators)),
  );
  const wrap = h('div', { class: 'change-preview' }, dl);
  if (p.already_stored) wrap.prepend(h('p', { class: 'notice' }, fill(t('previewAlready'), { id: p.already_stored })));
  if (p.months.length > 0) {
    const capId = uid('preview-months');
    wrap.append(
      h('p', { id: capId, class: 'small' }, t('previewMonths')),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId },
        h(
          'table',
          { class: 'data-table preview-months', 'aria-labelledby': capId },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('month')), h('th', { scope: 'col', class: 'num' }, t('rowsBefore')), h('th', { scope: 'col', class: 'num' }, t('rowsAfter')))),
          h(
            'tbody',
            null,
            ...p.months.map((m) =>
              h('tr', { 'data-month': m.month }, h('th', { scope: 'row' }, m.month), h('td', { class: 'num' }, formatCount(m.rows_before)), h('td', { class: 'num' }, formatCount(m.rows_after))),
            ),
          ),
        ),
      ),
    );
  }
  return wrap;
}

function stateText(b: Batch): string {
  const state = b.state ?? 'active';
  const word = tr(`state_${state}`);
  if (state === 'active') return word;
  const parts = [word];
  if (b.superseded_by) parts.push(fill(t('supersededBy'), { id: b.superseded_by }));
  if (b.removed_at) parts.push(fill(t('inTrashSince'), { at: b.removed_at, by: b.removed_by || '–' }));
  return parts.join(', ');
}

// What a batch row offers: remove (active), restore and purge (in the trash).
interface BatchActions {
  remove?: (b: Batch, button: HTMLButtonElement) => void;
  restore?: (b: Batch, button: HTMLButtonElement) => void;
  purge?: (b: Batch, button: HTMLButtonElement) => void;
}

function actionCell(b: Batch, actions: BatchActions): HTMLElement {
  const cell = h('td', { class: 'batch-actions-cell' });
  const wrap = h('div', { class: 'batch-actions' });
  const add = (label: string, cls: string, run: ((b: Batch, button: HTMLButtonElement) => void) | undefined) => {
    if (!run) return;
    const button = h('button', { type: 'button', class: cls, 'aria-label': `${label}: ${t('batch')} ${b.id}` }, label);
    button.addEventListener('click', () => run(b, button));
    wrap.append(button);
  };
  if (inTrash(b)) {
    add(t('restoreBatch'), 'restore-batch', actions.restore);
    add(t('purgeBatch'), 'purge-batch secondary', actions.purge);
  } else {
    add(t('removeBatch'), 'remove-batch secondary', actions.remove);
  }
  cell.append(wrap);
  return cell;
}

function batchTable(batches: Batch[], headingId: string, actions: BatchActions): HTMLElement {
  if (batches.length === 0) return h('p', { class: 'muted' }, t('noBatches'));
  const newestFirst = [...batches].reverse();
  const csv = downloadButtons(
    t('batches'),
    () => ['import', 'batcher'],
    () => ({
      header: [t('batch'), t('table'), t('file'), t('rowsHeader'), t('csvFrom'), t('csvTo'), t('loadedAt'), t('loadedBy'), 'SHA-256'],
      rows: newestFirst.map((b) => [b.id, b.table, b.file_name, b.rows, b.period_from, b.period_to, b.loaded_at, b.loaded_by, b.sha256]),
    }),
  );
  return h(
    'div',
    null,
    h('div', { class: 'table-actions' }, csv),
    batchFigures(newestFirst, headingId, actions, 'batches'),
  );
}

function batchFigures(batches: Batch[], headingId: string, actions: BatchActions, cls: string): HTMLElement {
  const withActions = Object.values(actions).some((a) => a);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: `data-table ${cls}`, 'aria-labelledby': headingId },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[t('batch'), t('table'), t('file'), t('rowsHeader'), t('coverage'), t('loadedAt'), t('loadedBy'), t('batchState')].map((l, i) =>
            h('th', { scope: 'col', class: i === 3 ? 'num' : null }, l),
          ),
          // Buttons only: the column is left out on paper (style.css).
          withActions ? h('th', { scope: 'col', class: 'batch-actions-head' }, t('actions')) : null,
        ),
      ),
      h(
        'tbody',
        null,
        ...batches.map((b) =>
          h(
            'tr',
            { 'data-batch': b.id, 'data-state': b.state ?? 'active' },
            h('th', { scope: 'row' }, String(b.id)),
            h('td', null, b.table),
            h('td', null, b.file_name),
            h('td', { class: 'num' }, formatCount(b.rows)),
            // Each date kept on one line: a break at its hyphen would read as two things.
            h('td', null, ...(b.period_from ? [h('span', { class: 'nowrap' }, b.period_from), ' – ', h('span', { class: 'nowrap' }, b.period_to)] : ['–'])),
            h('td', null, b.loaded_at),
            h('td', null, b.loaded_by),
            h('td', { class: 'batch-state' }, stateText(b)),
            withActions ? actionCell(b, actions) : null,
          ),
        ),
      ),
    ),
  );
}

export async function renderImport(ctx: Context): Promise<void> {
  const historyId = uid('history');
  const trashId = uid('trash');
  const history = h('section', { class: 'history' }, h('h2', { id: historyId }, t('batches')));
  const trash = h('section', { class: 'trash' });
  // What was done to a batch, said where the focus lands after the tables are redrawn.
  const changeStatus = h('div', { class: 'batch-change-status', role: 'status', 'aria-live': 'polite', tabindex: -1 });
  const writer = mayImport(ctx.me) && ctx.info.can_import;
  const run = async (button: HTMLButtonElement, change: () => Promise<string | null>) => {
    button.disabled = true;
    try {
      const said = await change();
      if (said === null) {
        button.disabled = false;
        return;
      }
      await ctx.refreshInfo();
      await loadHistory();
      changeStatus.replaceChildren(h('p', { class: 'success' }, said));
    } catch (err) {
      button.disabled = false;
      changeStatus.replaceChildren(errorBox(err));
    }
    changeStatus.focus();
  };
  const actions: BatchActions = writer
    ? {
        remove: (b, button) =>
          void run(button, async () => {
            changeStatus.replaceChildren(h('p', { class: 'progress' }, t('previewing')));
            const p = await get<ChangePreview>('batches/preview-remove', { batch_id: b.id });
            changeStatus.replaceChildren();
            if (!(await confirmDialog(fill(t('previewTitleRemove'), { id: b.id }), t('confirmRemove'), previewDetails(p)))) return null;
            await removeBatch(b.id);
            return fill(t('removed'), { id: b.id });
          }),
        restore: (b, button) =>
          void run(button, async () => {
            await restoreBatch(b.id);
            return fill(t('restored'), { id: b.id });
          }),
        purge: isAdmin(ctx.me)
          ? (b, button) =>
              void run(button, async () => {
                if (!(await confirmDialog(fill(t('confirmPurge'), { id: b.id }), t('purgeButton')))) return null;
                await purgeBatch(b.id);
                return fill(t('purged'), { id: b.id });
              })
          : undefined,
      }
    : {};
  async function loadHistory() {
    const r = await get<{ batches: Batch[] }>('batches');
    const active = r.batches.filter((b) => !inTrash(b));
    const trashed = r.batches.filter(inTrash).reverse();
    history.replaceChildren(h('h2', { id: historyId }, t('batches')), batchTable(active, historyId, actions));
    trash.replaceChildren(
      h('h2', { id: trashId }, t('trash')),
      h('p', { class: 'muted' }, t('trashLead')),
      trashed.length ? batchFigures(trashed, trashId, actions, 'trash-batches') : h('p', { class: 'muted trash-empty' }, t('trashEmpty')),
    );
  }
  ctx.main.replaceChildren(h('h1', null, t('import')), ...uploadPart(ctx, loadHistory), changeStatus, history, trash);
  await loadHistory();
}

// The upload form, or the sentence that says why there is none: the server reads a
// folder, or the user's role may not import.
function uploadPart(ctx: Context, loadHistory: () => Promise<void>): HTMLElement[] {
  if (!ctx.info.can_import) return [h('p', { class: 'notice' }, t('readOnly'))];
  const role = ctx.me.user?.role;
  if (!mayImport(ctx.me)) {
    return role ? [h('p', { class: 'notice import-read-only' }, t('importRoleReadOnly').replace('{role}', tr(`role_${role}`)))] : [];
  }
  return [uploadForm(ctx, loadHistory)];
}

// The tables of the data contract (v1.1: SPEC §4's 17 and the three v1.1 adds, see
// docs/contract.md; the server's list is src/nara/ingest/contract.cc, which no API
// route reports), in the contract's order.
export const contractTables = [
  'units', 'population', 'listings', 'phone_calls', 'assessments', 'visits', 'chats', 'bookings', 'dental_exams',
  'ortho_cases', 'referrals', 'record_reviews', 'vaccinations', 'staff', 'surveys', 'ledger', 'forecasts',
  'caries_risk', 'dental_children', 'clinical_time',
] as const;

// The table a file's name tells, as the server reads it (TableForFile in
// src/nara/store/store_import.cc): the name without its extension is a table's name,
// or starts with one followed by '_', '-', '.' or ' ' (the longest such); else null.
export function tableOfName(fileName: string): string | null {
  const stem = fileName.toLowerCase().replace(/\.[^.]*$/, '');
  let best: string | null = null;
  for (const name of contractTables) {
    if (stem === name) return name;
    if (stem.startsWith(name) && '_-. '.includes(stem[name.length] ?? 'x') && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

function uploadForm(ctx: Context, loadHistory: () => Promise<void>): HTMLElement {
  const fileId = uid('file');
  const helpId = uid('file-help');
  const supId = uid('supersede');
  const tableId = uid('table');
  const file = h('input', { id: fileId, type: 'file', accept: '.csv,text/csv', 'aria-describedby': helpId, required: true });
  // The table, when the file's name does not tell it (extract.csv): sent as `table`.
  const table = h(
    'select',
    { id: tableId, name: 'table', 'aria-describedby': helpId },
    h('option', { value: '' }, t('tableFromName')),
    ...contractTables.map((name) => h('option', { value: name }, name)),
  );
  const supersede = h('input', { id: supId, type: 'number', min: 1, inputmode: 'numeric' });
  const result = h('div', { class: 'upload-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('upload'));
  const form = h(
    'form',
    { class: 'upload-form' },
    h('div', { class: 'field' }, h('label', { for: fileId }, t('fileLabel')), file, h('p', { id: helpId, class: 'help' }, t('fileHelp'))),
    h('div', { class: 'field' }, h('label', { for: tableId }, t('table')), table),
    h('div', { class: 'field' }, h('label', { for: supId }, t('supersedeLabel')), supersede),
    submit,
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('chooseFile')));
      return;
    }
    // The server would refuse it (in English, naming its command-line option): say
    // here, in the reader's language, where to choose the table.
    if (!table.value && tableOfName(f.name) === null) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('chooseTable').replace('{name}', f.name)));
      table.focus();
      return;
    }
    const data = new FormData();
    data.append('file', f, f.name);
    if (table.value) data.append('table', table.value);
    if (supersede.value) data.append('supersede', supersede.value);
    submit.disabled = true;
    try {
      // Superseding takes batches out of the results: first what would change, then
      // only on confirmation the upload itself.
      if (supersede.value) {
        result.replaceChildren(h('p', { role: 'status' }, t('previewing')));
        const p = await previewUpload(data);
        result.replaceChildren();
        if (!(await confirmDialog(t('previewTitleImport'), t('confirmImport'), previewDetails(p)))) {
          result.replaceChildren(h('p', { role: 'status' }, t('cancelled')));
          return;
        }
      }
      result.replaceChildren(h('p', { role: 'status' }, t('uploading')));
      const r = await upload(data);
      result.replaceChildren(
        h(
          'div',
          { class: 'success', role: 'status' },
          h('h2', null, r.already_stored ? t('alreadyStored') : t('accepted')),
          h('p', null, `${t('batch')} ${r.batch_id}: ${r.file_name} → ${r.table}, ${formatCount(r.rows)} ${t('rows')}.`),
        ),
      );
      await ctx.refreshInfo();
      await loadHistory();
    } catch (err) {
      result.replaceChildren(uploadError(err));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'upload' }, h('h2', null, t('uploadTitle')), form, result);
}

// A rejected file with every problem at its place, or the error of the request.
function uploadError(err: unknown): HTMLElement {
  if (!(err instanceof ApiError && err.problems.length > 0)) return errorBox(err);
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('h2', null, t('rejected')),
    h(
      'ul',
      { class: 'problems' },
      ...err.problems.map((p) => h('li', null, problemPlace(p) ? h('strong', null, `${problemPlace(p)}: `) : null, p.message)),
    ),
  );
}

// "phone_calls.csv, rad 3, kolumn "received_at" (fält 3)"; empty for a problem of
// the whole import.
function problemPlace(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.line !== null) parts.push(`${t('line')} ${p.line}`);
  if (p.field) parts.push(`${t('column')} "${p.field}" (${t('field')} ${p.field_position})`);
  else if (p.column !== null) parts.push(`${t('character')} ${p.column}`);
  return parts.join(', ');
}
