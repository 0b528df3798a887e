// Nämndsdialog (issue 14): the board report of a unit and period. The report as the
// server makes it (GET /api/report, one HTML document) in a sandboxed frame; the texts
// of its sections (comments of kind "section") with who wrote them and when, written
// here where the role may (saving refreshes the preview); downloads as HTML, PDF and
// XLSX; issuing (controllers, administrators) after a confirmation; and the issued
// reports, each with its files and the figures that have changed since it was issued.
import type { Comment, IssuedReport, ReportLayout, UnitsResponse } from '../api';
import { apiUrl, fetchApiFile, get, issueReport, postComment } from '../api';
import { mayComment, mayIssue } from '../access';
import type { Context } from '../context';
import { saveBlob } from '../download';
import { describePeriod, formatCount, formatNumber, periodEndDate } from '../format';
import { currentLang, t, tr } from '../i18n';
import { toolbar } from '../toolbar';
import { confirmDialog, errorBox, h, uid, unitName } from '../ui';

// The report's sections in its order (report::Sections() in src/nara/report).
export const reportSections = [
  'malstyrning',
  'kvalitetsstyrning',
  'intern_kontroll',
  'ekonomistyrning',
  'medarbetare',
  'planeringsanalys',
  'sammanfattning',
] as const;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

// The layout chosen, kept for the session's pages (not in the address: the pickers'
// links carry period and unit only).
let layout: ReportLayout = 'a4';

export async function renderReport(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const [units, comments] = await Promise.all([
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
    get<{ comments: Comment[] }>('comments', { subject_kind: 'section', unit, period }),
  ]);
  const byId = new Map(units.units.map((u) => [u.id, u]));
  const name = unitName(byId.get(unit)) || unit;
  const params = () => ({ period, unit, layout, lang: currentLang() });

  // The preview: the server's document in a frame with no scripts and no origin.
  const frame = h('iframe', {
    class: 'report-preview',
    title: t('reportPreviewTitle'),
    sandbox: '',
    src: apiUrl('report', params()),
  });
  const refreshPreview = () => {
    frame.src = apiUrl('report', { ...params(), t: Date.now() });
  };

  const layoutId = uid('layout');
  const layoutPick = h(
    'select',
    { id: layoutId },
    h('option', { value: 'a4', selected: layout === 'a4' }, t('layoutA4')),
    h('option', { value: 'slides', selected: layout === 'slides' }, t('layoutSlides')),
  );
  layoutPick.addEventListener('change', () => {
    layout = layoutPick.value as ReportLayout;
    refreshPreview();
  });

  const mayWrite = mayComment(ctx.me, unit, units.units);
  const sections = sectionEditors(comments.comments, unit, period, mayWrite, ctx, refreshPreview);

  const issued = h('section', { class: 'issued-reports', 'aria-labelledby': 'issued-heading' });
  const loadIssued = async (onlyHere: boolean) => {
    const r = await get<{ reports: IssuedReport[] }>('reports');
    renderIssued(issued, r.reports, onlyHere, unit, period, byId, loadIssued);
  };

  ctx.main.replaceChildren(
    h('h1', null, `${t('boardReport')}: ${name}, ${describePeriod(period)}`),
    toolbar(ctx, units, 'namndsdialog'),
    h(
      'div',
      { class: 'report-actions' },
      h('div', { class: 'field' }, h('label', { for: layoutId }, t('reportLayout')), layoutPick),
    ),
    downloadPart(params),
    ...(mayIssue(ctx.me) ? [issuePart(params, () => loadIssued(true))] : []),
    h(
      'div',
      { class: 'report-layout' },
      sections,
      h('section', { class: 'preview', 'aria-labelledby': 'preview-heading' }, h('h2', { id: 'preview-heading' }, t('reportPreview')), frame),
    ),
    issued,
  );
  await loadIssued(true);
}

// Each section's text, who wrote it and when; a form to write it where the role may.
function sectionEditors(
  comments: Comment[],
  unit: string,
  period: string,
  mayWrite: boolean,
  ctx: Context,
  refreshPreview: () => void,
): HTMLElement {
  const bySection = new Map(comments.map((c) => [c.subject_id, c]));
  const wrap = h(
    'section',
    { class: 'report-sections', 'aria-labelledby': 'sections-heading' },
    h('h2', { id: 'sections-heading' }, t('reportSections')),
    h('p', { class: 'muted' }, t('reportSectionsLead')),
  );
  if (!mayWrite && ctx.me.user) wrap.append(h('p', { class: 'muted small section-read-only' }, t('sectionReadOnly')));
  for (const key of reportSections) {
    const headingId = uid('section');
    const shown = h('div', { class: 'section-shown' });
    const show = (c: Comment | undefined) => {
      shown.replaceChildren(
        ...(c && c.text
          ? [h('p', { class: 'section-text' }, c.text), h('p', { class: 'muted section-byline' }, fill(t('writtenBy'), { by: c.author || '–', at: c.updated_at ?? '' }))]
          : [h('p', { class: 'muted section-text section-empty' }, t('sectionEmpty'))]),
      );
    };
    show(bySection.get(key));
    const box = h('div', { class: 'section-editor', 'data-section': key }, h('h3', { id: headingId }, tr(`section_${key}`)), shown);
    if (mayWrite) {
      const areaId = uid('section-text');
      const area = h('textarea', { id: areaId, rows: 4, 'aria-describedby': headingId });
      area.value = bySection.get(key)?.text ?? '';
      const status = h('p', { class: 'form-status', role: 'status' });
      const save = h('button', { type: 'submit' }, t('saveAndRefresh'));
      const form = h(
        'form',
        { class: 'section-form' },
        h('div', { class: 'field' }, h('label', { for: areaId }, `${t('sectionText')}: ${tr(`section_${key}`)}`), area),
        save,
        status,
      );
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        status.textContent = '';
        save.disabled = true;
        try {
          const c = await postComment({ subject_kind: 'section', subject_id: key, unit, period, text: area.value });
          show(c.text ? c : undefined);
          refreshPreview();
          status.textContent = t('previewRefreshed');
        } catch (err) {
          status.replaceChildren(errorBox(err));
        } finally {
          save.disabled = false;
        }
      });
      box.append(form);
    }
    wrap.append(box);
  }
  return wrap;
}

// HTML, PDF and XLSX as files; the PDF takes seconds, so the page says it is coming.
function downloadPart(params: () => Record<string, string>): HTMLElement {
  const status = h('p', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const button = (format: 'html' | 'pdf' | 'xlsx', label: string) => {
    const b = h('button', { type: 'button', class: 'report-download', 'data-format': format }, label);
    b.addEventListener('click', async () => {
      for (const x of buttons) x.disabled = true;
      status.className = 'download-status progress';
      status.textContent = format === 'pdf' ? t('preparingPdf') : fill(t('preparing'), { what: label });
      b.setAttribute('aria-busy', 'true');
      try {
        const { name, blob } = await fetchApiFile(apiUrl('report/file', { ...params(), format }), `nämndsdialog.${format}`);
        saveBlob(name, blob);
        status.className = 'download-status';
        status.textContent = fill(t('downloaded'), { name });
      } catch (err) {
        status.className = 'download-status';
        status.replaceChildren(errorBox(err));
      } finally {
        b.removeAttribute('aria-busy');
        for (const x of buttons) x.disabled = false;
      }
    });
    buttons.push(b);
    return b;
  };
  const groupId = uid('downloads');
  return h(
    'div',
    { class: 'report-downloads' },
    h(
      'div',
      { class: 'report-actions', role: 'group', 'aria-labelledby': groupId },
      h('span', { id: groupId }, `${t('downloadReportAs')}:`),
      button('html', t('downloadHtml')),
      button('pdf', t('downloadPdf')),
      button('xlsx', t('downloadXlsx')),
    ),
    status,
  );
}

// Issuing, after a confirmation: the report is made now and kept as it is.
function issuePart(params: () => Record<string, string>, reload: () => Promise<void>): HTMLElement {
  const status = h('div', { class: 'issue-status', role: 'status', 'aria-live': 'polite' });
  const b = h('button', { type: 'button', class: 'issue-report' }, t('issueButton'));
  b.addEventListener('click', async () => {
    if (!(await confirmDialog(t('issueConfirm'), t('issueButton')))) {
      status.textContent = t('cancelled');
      return;
    }
    b.disabled = true;
    status.className = 'issue-status progress';
    status.textContent = t('issuing');
    try {
      const r = await issueReport(params());
      status.className = 'issue-status';
      status.replaceChildren(h('p', { class: 'success' }, fill(t('issued'), { id: r.id })));
      await reload();
    } catch (err) {
      status.className = 'issue-status';
      status.replaceChildren(errorBox(err));
    } finally {
      b.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'issue', 'aria-labelledby': 'issue-heading' },
    h('h2', { id: 'issue-heading' }, t('issueTitle')),
    h('p', { class: 'muted' }, t('issueLead')),
    b,
    status,
  );
}

function statusWord(s: string, missing: string): string {
  if (!s) return missing;
  return tr(`status_${s}`);
}

function figure(v: number | null): string {
  if (v === null) return '–';
  return Number.isInteger(v) ? formatCount(v) : formatNumber(v, 2);
}

// The issued reports (of the unit and period, or all), newest first.
function renderIssued(
  into: HTMLElement,
  all: IssuedReport[],
  onlyHere: boolean,
  unit: string,
  period: string,
  units: Map<string, { name: string }>,
  reload: (onlyHere: boolean) => Promise<void>,
) {
  const list = [...all].reverse().filter((r) => !onlyHere || (r.unit === unit && r.period === period));
  const pickId = uid('issued-filter');
  const pick = h(
    'select',
    { id: pickId },
    h('option', { value: 'here', selected: onlyHere }, t('issuedThis')),
    h('option', { value: 'all', selected: !onlyHere }, t('issuedAll')),
  );
  pick.addEventListener('change', () => {
    void reload(pick.value === 'here').then(() => (into.querySelector('select') as HTMLElement | null)?.focus());
  });
  into.replaceChildren(
    h('h2', { id: 'issued-heading' }, t('issuedReports')),
    h('div', { class: 'field report-actions' }, h('label', { for: pickId }, t('issuedShow')), pick),
    ...(list.length === 0 ? [h('p', { class: 'muted' }, t('noIssued'))] : list.map((r) => issuedReport(r, units))),
  );
}

function issuedReport(r: IssuedReport, units: Map<string, { name: string }>): HTMLElement {
  const headingId = uid('issued');
  const box = h(
    'article',
    { class: 'issued-report', 'data-report': r.id, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, `${fill(t('reportN'), { id: r.id })}: ${units.get(r.unit)?.name ?? r.unit}, ${describePeriod(r.period)}`),
    h(
      'p',
      { class: 'muted' },
      `${fill(t('issuedByAt'), { by: r.issued_by || '–', at: r.issued_at })} · ${r.layout} · ${r.lang} · ${t('dataRevision')} ${r.data_revision}`,
    ),
    h(
      'ul',
      { class: 'issued-files', 'aria-label': t('files') },
      ...r.files.map((f) =>
        h(
          'li',
          null,
          h('a', { href: apiUrl('reports/file', { id: r.id, name: f.name }), download: f.name }, f.name),
          h('span', { class: 'muted small' }, ` (${formatCount(f.bytes)} ${t('bytes')})`),
        ),
      ),
    ),
  );
  if (!r.compared) {
    box.append(h('p', { class: 'notice not-compared' }, t('notCompared')));
  } else if (r.changed.length === 0) {
    box.append(h('p', { class: 'muted unchanged' }, t('unchangedSince')));
  } else {
    const tableHeading = uid('changed');
    box.append(
      h(
        'div',
        { class: 'changed-figures' },
        h('h4', { id: tableHeading }, fill(t('changedSince'), { id: r.id })),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table changed-table', 'aria-labelledby': tableHeading },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t('indicator')),
                h('th', { scope: 'col', class: 'num' }, t('was')),
                h('th', { scope: 'col' }, t('statusWas')),
                h('th', { scope: 'col', class: 'num' }, t('now')),
                h('th', { scope: 'col' }, t('statusNow')),
              ),
            ),
            h(
              'tbody',
              null,
              ...r.changed.map((c) =>
                h(
                  'tr',
                  { 'data-indicator': c.indicator },
                  h('th', { scope: 'row' }, c.name || c.indicator),
                  h('td', { class: 'num', 'data-col': 'was' }, figure(c.was)),
                  h('td', { 'data-col': 'status_was' }, statusWord(c.status_was, t('notInReport'))),
                  h('td', { class: 'num', 'data-col': 'now' }, figure(c.now)),
                  h('td', { 'data-col': 'status_now' }, statusWord(c.status_now, t('noLonger'))),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  return box;
}
