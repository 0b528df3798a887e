// Tables as files for a spreadsheet. As CSV files in the Swedish Excel dialect (the one
// `nara export --dialect excel-sv` writes): `;` between fields, decimal comma, UTF-8
// with a byte order mark (so Excel reads å, ä, ö), CRLF line ends and RFC 4180 quoting.
// Numbers come from the API's JSON, never from the formatted text on the page: plain
// digits, no thousands separators, no exponent, '-' as minus. An empty value (no data,
// or a value suppressed for too few) is an empty field. And the same table as an Excel
// workbook, which the server makes from it (saveXlsx).
import type { Result, ScoreRow } from './api';
import { ApiError, isSessionLost, postForFile } from './api';
import { displayUnit } from './format';
import { t, tr } from './i18n';
import { errorBox, h } from './ui';

export type CsvCell = string | number | null | undefined;

export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

// A number as plain digits with a decimal comma: 95.2381 → '95,2381', 1e21 → 21 digits,
// -0 → '0'. Not finite → '' (nothing to show).
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  let s = String(v);
  // String() writes very large and very small numbers with an exponent; the shortest
  // digits that read back as the same number are then spelt out by Intl (en-US: '.'
  // as the decimal point, '-' as minus, grouping off).
  if (/e/i.test(s)) {
    s = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 100, maximumSignificantDigits: 21 }).format(v);
  }
  return s.replace('.', ',');
}

// One field: a number as csvNumber, null/undefined empty, text quoted when it holds the
// delimiter, a quote or a line break (quotes doubled), and never read as a formula.
export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  // A text a spreadsheet would take for a formula ("=…", "+10 % mot …", "@…") is
  // written with a leading apostrophe, which Excel and LibreOffice show as text.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The whole file's text, byte order mark first and every record (the last too) ended
// with CRLF.
export function toCsv(table: CsvTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvField).join(';'));
  return `\ufeff${lines.map((l) => `${l}\r\n`).join('')}`;
}

// 'nara-oversikt-nsh-2024-T1.csv' from ('oversikt', 'nsh', '2024-T1'): each part with
// its accents dropped and anything but letters, digits, '_' and '-' as '-'.
export function csvFileName(...parts: string[]): string {
  return `${fileStem(parts)}.csv`;
}

// The same name for the table as an Excel workbook: 'nara-oversikt-nsh-2024-T1.xlsx'.
export function xlsxFileName(...parts: string[]): string {
  return `${fileStem(parts)}.xlsx`;
}

function fileStem(parts: string[]): string {
  const slug = (p: string) =>
    p
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `nara-${parts.map(slug).filter((p) => p !== '').join('-')}`;
}

// Offers the table as a file download (the browser saves it under fileName).
export function saveCsv(fileName: string, table: CsvTable): void {
  saveBlob(fileName, new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
}

// Offers `blob` as a file download under fileName.
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

// The table as an Excel workbook, made by the server (POST /api/xlsx: numbers as
// numbers, texts as text, an empty value an empty cell; a bold header row kept in view,
// a filter on it, columns wide enough) and saved under the name the server gives it
// (else fileName). The sheet is named `sheet` (the server cuts it to Excel's 31
// characters). A number that is not finite goes as an empty cell.
export async function saveXlsx(fileName: string, sheet: string, table: CsvTable): Promise<string> {
  const cell = (v: CsvCell) => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v);
  const { name, blob } = await postForFile('xlsx', { name: fileName, sheet, header: table.header, rows: table.rows.map((r) => r.map(cell)) }, fileName);
  saveBlob(name, blob);
  return name;
}

// Why a workbook did not come, in the reader's language: the server's own message, or,
// when the answer had none (a proxy's page, no answer at all), what its status means.
function xlsxError(e: unknown): string {
  if (!(e instanceof ApiError)) return t('xlsxNoAnswer');
  if (e.message !== `HTTP ${e.status}`) return e.message;
  return e.status === 413 ? t('xlsxTooLarge') : t('xlsxFailed').replace('{status}', String(e.status));
}

// "Ladda ner CSV" and "Ladda ner Excel" for one table; what is downloaded (for a screen
// reader, beside several such pairs on a page) is named by `what`, which also names the
// workbook's sheet. The file is named from fileParts (csvFileName, xlsxFileName). The
// table is made when clicked, so that it holds the rows as they are then (a breakdown
// in its current order). The CSV is written here; the workbook comes from the server,
// which takes a moment: until it has come the Excel button says so (aria-busy) and
// does nothing more when clicked (aria-disabled, so that it keeps the keyboard's
// focus), and the status below the buttons says when it is saved or why not.
export function downloadButtons(what: string, fileParts: () => string[], table: () => CsvTable): HTMLElement {
  const hint = () => h('span', { class: 'sr-only' }, `: ${what}`);
  const csv = h('button', { type: 'button', class: 'download-csv' }, t('downloadCsv'), hint());
  csv.addEventListener('click', () => saveCsv(csvFileName(...fileParts()), table()));
  const label = h('span', null, t('downloadExcel'));
  const xlsx = h('button', { type: 'button', class: 'download-xlsx' }, label, hint());
  const status = h('div', { class: 'table-download-status', role: 'status', 'aria-live': 'polite' });
  xlsx.addEventListener('click', async () => {
    if (xlsx.getAttribute('aria-busy') === 'true') return;
    xlsx.setAttribute('aria-busy', 'true');
    xlsx.setAttribute('aria-disabled', 'true');
    label.textContent = t('preparingXlsx');
    status.replaceChildren();
    try {
      const name = await saveXlsx(xlsxFileName(...fileParts()), what, table());
      status.textContent = t('downloaded').replace('{name}', name);
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(errorBox(new Error(xlsxError(err))));
    } finally {
      label.textContent = t('downloadExcel');
      xlsx.removeAttribute('aria-busy');
      xlsx.removeAttribute('aria-disabled');
    }
  });
  return h('div', { class: 'table-downloads' }, csv, xlsx, status);
}

// The columns of an outcome (a scorecard row, a month, a unit of a breakdown) after the
// row's own: outcome, its unit of measure, target as the server words it, the rule it
// came from, the threshold, status, previous year, numerator, denominator and n.
export function resultHeader(): string[] {
  return [
    t('outcome'),
    t('csvMeasureUnit'),
    t('target'),
    t('targetRule'),
    t('csvTargetValue'),
    t('status'),
    t('previousYear'),
    t('numerator'),
    t('denominator'),
    t('n'),
  ];
}

// A suppressed row's value, numerator and denominator stay empty whatever the answer
// holds (the server already sends them as null).
export function resultCells(r: Result, display: string): CsvCell[] {
  const hidden = r.status === 'suppressed';
  return [
    hidden ? null : r.value,
    displayUnit(display),
    r.target_text,
    r.target_rule,
    r.target,
    r.status_text,
    r.previous_year_value,
    hidden ? null : r.numerator,
    hidden ? null : r.denominator,
    r.n,
  ];
}

// The outcome's columns for an indicator without an outcome here (one that does not
// apply to the unit): all empty but the status, which says why.
export function noResultCells(why: string): CsvCell[] {
  return [null, null, null, null, null, why, null, null, null, null];
}

// A scorecard's rows, perspective by perspective in the catalogue's order as the page
// shows them: perspective, indicator, its id, then the outcome's columns.
export function scorecardCsv(rows: ScoreRow[], perspectives: string[]): CsvTable {
  const ordered = perspectives.flatMap((p) => rows.filter((r) => r.perspective === p));
  return {
    header: [t('csvPerspective'), t('indicator'), t('csvIndicatorId'), ...resultHeader()],
    rows: ordered.map((r) => [tr(`perspective_${r.perspective}`), r.name, r.indicator, ...resultCells(r, r.display)]),
  };
}
