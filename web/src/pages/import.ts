// Dataimport: upload an extract, see its validation errors with line numbers, and
// the history of loaded batches. The upload form is offered to controllers and
// administrators of a database server only; everyone else reads the history.
import type { Batch, Problem } from '../api';
import { ApiError, get, upload } from '../api';
import { mayImport } from '../access';
import type { Context } from '../context';
import { csvFileName, downloadButton } from '../download';
import { formatCount } from '../format';
import { t, tr } from '../i18n';
import { errorBox, h, uid } from '../ui';

function batchTable(batches: Batch[], headingId: string): HTMLElement {
  if (batches.length === 0) return h('p', { class: 'muted' }, t('noBatches'));
  const newestFirst = [...batches].reverse();
  const csv = downloadButton(
    t('batches'),
    () => csvFileName('import', 'batcher'),
    () => ({
      header: [t('batch'), t('table'), t('file'), t('rowsHeader'), t('csvFrom'), t('csvTo'), t('loadedAt'), t('loadedBy'), 'SHA-256'],
      rows: newestFirst.map((b) => [b.id, b.table, b.file_name, b.rows, b.period_from, b.period_to, b.loaded_at, b.loaded_by, b.sha256]),
    }),
  );
  return h(
    'div',
    null,
    h('div', { class: 'table-actions' }, csv),
    batchFigures(newestFirst, headingId),
  );
}

function batchFigures(batches: Batch[], headingId: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table batches', 'aria-labelledby': headingId },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[t('batch'), t('table'), t('file'), t('rowsHeader'), t('coverage'), t('loadedAt'), t('loadedBy')].map((l, i) =>
            h('th', { scope: 'col', class: i === 3 ? 'num' : null }, l),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        ...batches.map((b) =>
          h(
            'tr',
            { 'data-batch': b.id },
            h('th', { scope: 'row' }, String(b.id)),
            h('td', null, b.table),
            h('td', null, b.file_name),
            h('td', { class: 'num' }, formatCount(b.rows)),
            h('td', null, b.period_from ? `${b.period_from} – ${b.period_to}` : '–'),
            h('td', null, b.loaded_at),
            h('td', null, b.loaded_by),
          ),
        ),
      ),
    ),
  );
}

export async function renderImport(ctx: Context): Promise<void> {
  const historyId = uid('history');
  const history = h('section', { class: 'history' }, h('h2', { id: historyId }, t('batches')));
  const loadHistory = async () => {
    const r = await get<{ batches: Batch[] }>('batches');
    history.replaceChildren(h('h2', { id: historyId }, t('batches')), batchTable(r.batches, historyId));
  };
  ctx.main.replaceChildren(h('h1', null, t('import')), ...uploadPart(ctx, loadHistory), history);
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

function uploadForm(ctx: Context, loadHistory: () => Promise<void>): HTMLElement {
  const fileId = uid('file');
  const helpId = uid('file-help');
  const supId = uid('supersede');
  const file = h('input', { id: fileId, type: 'file', accept: '.csv,text/csv', 'aria-describedby': helpId, required: true });
  const supersede = h('input', { id: supId, type: 'number', min: 1, inputmode: 'numeric' });
  const result = h('div', { class: 'upload-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('upload'));
  const form = h(
    'form',
    { class: 'upload-form' },
    h('div', { class: 'field' }, h('label', { for: fileId }, t('fileLabel')), file, h('p', { id: helpId, class: 'help' }, t('fileHelp'))),
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
    const data = new FormData();
    data.append('file', f, f.name);
    if (supersede.value) data.append('supersede', supersede.value);
    submit.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, t('uploading')));
    try {
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
