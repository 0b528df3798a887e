// Tables as CSV files for a spreadsheet, in the Swedish Excel dialect (the one
// `nara export --dialect excel-sv` writes): `;` between fields, decimal comma, UTF-8
// with a byte order mark (so Excel reads å, ä, ö), CRLF line ends and RFC 4180 quoting.
// Numbers come from the API's JSON, never from the formatted text on the page: plain
// digits, no thousands separators, no exponent, '-' as minus. An empty value (no data,
// or a value suppressed for too few) is an empty field.
import type { Result, ScoreRow } from './api';
import { displayUnit } from './format';
import { t, tr } from './i18n';

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
  const slug = (p: string) =>
    p
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `nara-${parts.map(slug).filter((p) => p !== '').join('-')}.csv`;
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

// A "Ladda ner CSV" button; what is downloaded (for a screen reader, beside several such
// buttons on a page) is named by `what`. The table is made when clicked, so that it
// holds the rows as they are then (a breakdown in its current order).
export function downloadButton(what: string, fileName: () => string, table: () => CsvTable): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'download-csv';
  const hint = document.createElement('span');
  hint.className = 'sr-only';
  hint.textContent = `: ${what}`;
  button.append(t('downloadCsv'), hint);
  button.addEventListener('click', () => saveCsv(fileName(), table()));
  return button;
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
