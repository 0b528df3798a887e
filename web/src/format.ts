// Numbers, periods and statuses as readers expect them: Swedish number formats
// (95,2 %, 655 462 besök) in Swedish, British ones in English.
import type { StatusCode } from './api';
import { currentLang, t, tr } from './i18n';

function locale(): string {
  return currentLang() === 'sv' ? 'sv-SE' : 'en-GB';
}

export function formatNumber(v: number | null | undefined, decimals: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}

// A count: whole numbers without decimals, others with one.
export function formatCount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return formatNumber(v, Number.isInteger(v) ? 0 : 1);
}

const units: Record<string, string> = { percent: '\u00a0%', minutes: '\u00a0min', months: '\u00a0mån', mnkr: '\u00a0Mnkr' };

// A value with its unit, as the catalogue's display says, with the digits given: a
// row's own `decimals` for its value and previous-year value (the server may give more
// than the indicator's, so that a value never reads against its status).
export function formatValue(v: number | null | undefined, display: string, decimals: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return formatNumber(v, decimals) + unitSuffix(display);
}

// The unit a display's values are in, with the no-break space before it ('\u00a0%');
// '' for counts.
function unitSuffix(display: string): string {
  if (currentLang() === 'en' && display === 'months') return '\u00a0mo';
  return units[display] ?? '';
}

// The unit of a display's values on its own ('%', 'min', 'mån'); '' for counts.
export function displayUnit(display: string): string {
  return unitSuffix(display).trim();
}

// The digits for an indicator's values where no row tells them (a chart's axis):
// counts are whole numbers.
export function indicatorDecimals(display: string, decimals: number): number {
  return display === 'count' ? 0 : decimals;
}

export const statusIcon: Record<StatusCode, string> = {
  met: '✔',
  near: '◐',
  not_met: '✖',
  no_data: '–',
  suppressed: '∅',
  no_target: '○',
};

export function statusText(s: StatusCode): string {
  return tr(`status_${s}`);
}

// Status as icon and text, never colour alone; `text` is the server's wording where it
// gives one (a goal's status_text).
export function statusBadge(s: StatusCode, text?: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `status status-${s}`;
  const icon = document.createElement('span');
  icon.className = 'status-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = statusIcon[s];
  span.append(icon, ' ', text ?? statusText(s));
  return span;
}

// --- periods -----------------------------------------------------------------------

export type PeriodKind = 'month' | 'tertial' | 'quarter' | 'year' | 'ytd' | 'r12';
export interface PeriodParts {
  kind: PeriodKind;
  year: number;
  index: number; // month 1–12, tertial 1–3, quarter 1–4; 0 for a year
}

export function parsePeriod(p: string): PeriodParts | null {
  let m: RegExpMatchArray | null;
  if ((m = p.match(/^(\d{4})-(\d{2})$/))) return { kind: 'month', year: +m[1], index: +m[2] };
  if ((m = p.match(/^(\d{4})-T(\d)$/))) return { kind: 'tertial', year: +m[1], index: +m[2] };
  if ((m = p.match(/^(\d{4})-Q(\d)$/))) return { kind: 'quarter', year: +m[1], index: +m[2] };
  if ((m = p.match(/^(\d{4})$/))) return { kind: 'year', year: +m[1], index: 0 };
  if ((m = p.match(/^(\d{4})-YTD-(\d{2})$/))) return { kind: 'ytd', year: +m[1], index: +m[2] };
  if ((m = p.match(/^R12-(\d{4})-(\d{2})$/))) return { kind: 'r12', year: +m[1], index: +m[2] };
  return null;
}

const two = (n: number) => String(n).padStart(2, '0');

export function periodText(p: PeriodParts): string {
  switch (p.kind) {
    case 'month': return `${p.year}-${two(p.index)}`;
    case 'tertial': return `${p.year}-T${p.index}`;
    case 'quarter': return `${p.year}-Q${p.index}`;
    case 'year': return `${p.year}`;
    case 'ytd': return `${p.year}-YTD-${two(p.index)}`;
    case 'r12': return `R12-${p.year}-${two(p.index)}`;
  }
}

// The last month (1–12) of a period.
export function lastMonth(p: PeriodParts): number {
  switch (p.kind) {
    case 'tertial': return p.index * 4;
    case 'quarter': return p.index * 3;
    case 'year': return 12;
    default: return p.index;
  }
}

// The period before, to compare statuses with: the tertial, quarter, month or year
// before (T1 → the previous year's T3); a year to date or rolling 12 months ending a
// month earlier (2024-YTD-01 → 2023-YTD-12). Null for a period that does not parse.
export function previousPeriod(period: string): string | null {
  const p = parsePeriod(period);
  if (!p) return null;
  const per: Record<PeriodKind, number> = { month: 12, tertial: 3, quarter: 4, year: 0, ytd: 12, r12: 12 };
  if (p.kind === 'year') return periodText({ ...p, year: p.year - 1 });
  return p.index > 1 ? periodText({ ...p, index: p.index - 1 }) : periodText({ ...p, year: p.year - 1, index: per[p.kind] });
}

export function periodEndDate(period: string): string {
  const p = parsePeriod(period);
  if (!p) return '';
  const m = lastMonth(p);
  const last = new Date(Date.UTC(p.year, m, 0)).getUTCDate();
  return `${p.year}-${two(m)}-${two(last)}`;
}

// "tertial 1 2024", "mars 2024", "januari–juni 2024" …
export function describePeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p) return period;
  const months = t('months');
  switch (p.kind) {
    case 'month': return `${months[p.index - 1]} ${p.year}`;
    case 'tertial': return `${t('tertial').toLowerCase()} ${p.index} ${p.year}`;
    case 'quarter': return `${t('quarter').toLowerCase()} ${p.index} ${p.year}`;
    case 'year': return `${p.year}`;
    case 'ytd': return `${months[0]}–${months[p.index - 1]} ${p.year}`;
    case 'r12': {
      const from = p.index === 12 ? `${months[0]} ${p.year}` : `${months[p.index]} ${p.year - 1}`;
      return `${from} – ${months[p.index - 1]} ${p.year}`;
    }
  }
}
