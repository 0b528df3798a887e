// Typed access to nara's JSON API (see /api/openapi.json and docs/api.md).

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

export interface Result {
  indicator: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  n: number;
  target: number | null;
  target_text: string;
  status: StatusCode;
  status_sv: string;
  previous_year_value: number | null;
}

export interface ScoreRow extends Result {
  name: string;
  perspective: string;
  display: string;
  decimals: number;
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

export interface Indicator {
  id: string;
  name: string;
  perspective: string;
  definition: string;
  display: string;
  better: string;
  decimals: number;
  min_n: number;
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

export interface Problem {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  message_sv?: string;  // the same in Swedish
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public problems: Problem[] = [],
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
    const e = (body as { error?: { message?: string; problems?: Problem[] } }).error;
    throw new ApiError(res.status, e?.message ?? `HTTP ${res.status}`, e?.problems ?? []);
  }
  return body as T;
}

export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return parse<T>(await fetch(`/api/${path}${qs ? `?${qs}` : ''}`));
}

export async function postComment(c: Comment): Promise<Comment> {
  const res = await fetch('/api/comments', {
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
  return parse<ImportResult>(await fetch('/api/import', { method: 'POST', body: form }));
}
