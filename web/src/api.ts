// Typed access to nara's JSON API (see /api/openapi.json and docs/api.md). Every
// request names the reader's language (lang=sv|en): the server writes target texts,
// status texts and error messages in it. Nothing is cached here (the server answers
// no-store), so a language switch, which renders the page again, reads everything
// anew in the new language.
import { currentLang } from './i18n';

export interface Info {
  source: string;
  can_import: boolean;
  data_version: number;
  config_version: number | null;
  loaded_at: string;
  first_year: number;
  last_year: number;
  data_through: string | null;
  administration: string;
  root: string;
  perspectives: string[];
}

export interface UnitRef {
  id: string;
  name: string;
  kind: string;
  ownership: string;
}

export interface Unit extends UnitRef {
  parent: string | null;
  children: string[];
  valid_from: string;
  valid_to: string | null;
  municipality: number | null;
}

export interface UnitsResponse {
  date: string | null;
  root: string;
  administration: string;
  units: Unit[];
}

export type StatusCode = 'met' | 'near' | 'not_met' | 'no_data' | 'suppressed' | 'no_target';

// One indicator's outcome for one unit and period (a scorecard row, a month of a
// series, a unit of a breakdown).
export interface Result {
  indicator: string;
  value: number | null; // null when there is no data (status no_data)
  numerator: number | null;
  denominator: number | null;
  n: number;
  // The digits to show this row's value, previous-year value and target with; may be
  // more than the indicator's own, so that a value never reads against its status.
  decimals: number;
  target: number | null; // the threshold applied to this row's period
  target_text: string; // that target, formatted in the request's language; '' = none
  target_rule: string; // where the target came from ('655 462 per år → …'); '' = none
  status: StatusCode;
  status_text: string; // the status in the request's language
  previous_year_value: number | null;
}

export interface ScoreRow extends Result {
  name: string;
  perspective: string;
  display: string;
  better: string;
  sparkline: (number | null)[]; // 12 months through the period's last month
}

export interface Scorecard {
  year: number;
  period: string;
  unit: UnitRef;
  data_version: number;
  sparkline_from: string;
  rows: ScoreRow[];
}

export type Measure = 'rate' | 'flow' | 'stock';

export interface Indicator {
  id: string;
  name: string;
  perspective: string;
  definition: string;
  display: string;
  better: string;
  decimals: number;
  min_n: number;
  measure: Measure;
  applies_to: string[]; // unit kinds; empty = every kind
  // Per plan year, the target texts in the request's language.
  targets: { year: number; all: string | null; units: Record<string, string> }[];
}

export interface Series {
  year: number;
  unit: UnitRef;
  indicator: Indicator;
  months: (Result & { month: string })[];
}

export interface Breakdown {
  year: number;
  period: string;
  indicator: Indicator;
  total: Result & { unit: UnitRef; has_children: boolean };
  children: (Result & { unit: UnitRef; has_children: boolean })[];
}

export interface Assignment {
  id: string;
  text: string;
  indicators: string[];
}
export interface Goal extends Assignment {
  assignments: Assignment[];
}
export interface Plan {
  year: number;
  plan_year: number;
  title: string;
  decided_by: string;
  focus_areas: { id: string; name: string; goals: Goal[] }[];
}

export interface Comment {
  subject_kind: 'indicator' | 'goal';
  subject_id: string;
  unit: string;
  period: string;
  text: string;
  author: string;
  updated_at?: string;
}

export interface Batch {
  id: number;
  table: string;
  file_name: string;
  sha256: string;
  rows: number;
  period_from: string;
  period_to: string;
  loaded_at: string;
  loaded_by: string;
}

// One problem of a rejected file, its message in the language asked for.
export interface Problem {
  code: string | null;
  file: string | null;
  line: number | null;
  column: number | null; // a character position, when the problem is in no one field
  field: string | null; // the column's name
  field_position: number | null;
  message: string;
}

// The body of an error answer: {"error": {"status", "code", "message", "problems"}}.
export interface ErrorBody {
  status: number;
  code?: string; // e.g. 'indicator_not_for_unit', 'unknown_unit', 'bad_period'
  message: string;
  problems?: Problem[];
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public problems: Problem[] = [],
    public code = '',
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const e = (body as { error?: Partial<ErrorBody> }).error;
    throw new ApiError(res.status, e?.message ?? `HTTP ${res.status}`, e?.problems ?? [], e?.code ?? '');
  }
  return body as T;
}

// /api/PATH?params&lang=…, in the language chosen when the request is made.
export function apiUrl(path: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  q.set('lang', currentLang());
  return `/api/${path}?${q.toString()}`;
}

export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  return parse<T>(await fetch(apiUrl(path, params)));
}

export async function postComment(c: Comment): Promise<Comment> {
  const res = await fetch(apiUrl('comments'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(c),
  });
  return (await parse<{ comment: Comment }>(res)).comment;
}

export interface ImportResult {
  file_name: string;
  table: string;
  batch_id: number;
  already_stored: boolean;
  rows: number;
  data_version: number;
}

export async function upload(form: FormData): Promise<ImportResult> {
  return parse<ImportResult>(await fetch(apiUrl('import'), { method: 'POST', body: form }));
}
