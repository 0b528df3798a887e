// Typed access to nara's JSON API (see /api/openapi.json and docs/api.md). Every
// request names the reader's language (lang=sv|en): the server writes target texts,
// status texts and error messages in it. Nothing is cached here (the server answers
// no-store), so a language switch, which renders the page again, reads everything
// anew in the new language.
//
// Sign-in (issue 13): who is signed in is read from /api/me once, at start, and kept
// here; signing in and out changes it. A POST carries the session's X-CSRF-Token (the
// server refuses a cookie-borne change without it), and any answer 401
// `unauthenticated` sends the reader to the sign-in page, to come back where they were.
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

// GET /api/goals: each goal and assignment of the plan (ids as in Plan) with its status
// computed from its linked indicators for the unit and period; a goal counts its own
// indicators and its assignments'.
export interface GoalStatus {
  id: string;
  kind: 'goal' | 'assignment';
  status: 'met' | 'near' | 'not_met' | 'no_data';
  status_text: string;
  met: number;
  near: number;
  not_met: number;
  not_counted: number;
  counts_text: string;
}
export interface GoalsResponse {
  year: number;
  period: string;
  unit: UnitRef;
  rule: string; // how the status is computed, in the request's language
  goals: GoalStatus[];
}

// What a comment is about and what it says: the body of a POST /api/comments.
export interface CommentInput {
  subject_kind: 'indicator' | 'goal' | 'section';
  subject_id: string;
  unit: string;
  period: string;
  text: string;
}

// A stored comment: the server names its author (the signed-in user), not the client.
export interface Comment extends CommentInput {
  author: string;
  updated_at?: string;
}

export type BatchState = 'active' | 'superseded' | 'removed';

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
  // The trash (issue 13); absent from a server before it.
  state?: BatchState;
  supersedes?: number[];
  superseded_by?: number | null;
  removed_at?: string | null;
  removed_by?: string | null;
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
    // Seconds to wait before trying again (the Retry-After of a 429), else null.
    public retryAfter: number | null = null,
  ) {
    super(message);
  }
}

// --- who is signed in ------------------------------------------------------------------

export type Role = 'admin' | 'controller' | 'unit_manager' | 'reader';

export interface User {
  name: string;
  role: Role;
  units: string[]; // a unit manager's units: the roots of the subtrees it answers for
}

// How the server signs people in: 'password' (its own sign-in page), 'proxy' (a reverse
// proxy names the user), 'none' (a folder of extracts: everyone reads, nobody writes).
export type SignIn = 'password' | 'proxy' | 'none';

export interface Me {
  user: User | null;
  sign_in: SignIn;
  csrf_token: string | null;
}

// The route of the sign-in page; `next` is the page (a hash) to come back to.
export const signInPage = 'logga-in';
export function signInHref(next?: string): string {
  return next ? `#/${signInPage}?next=${encodeURIComponent(next)}` : `#/${signInPage}`;
}

let me: Me | null = null;

// Who is signed in, read from the server on the first call only.
export async function loadMe(): Promise<Me> {
  if (!me) {
    const res = await fetch(apiUrl('me'));
    // A server from before sign-in has no /api/me: it has no accounts either.
    me = res.status === 404 ? { user: null, sign_in: 'none', csrf_token: null } : await parse<Me>(res);
  }
  return me;
}

// The state loadMe() read, as signing in and out have changed it since.
export function currentMe(): Me {
  return me ?? { user: null, sign_in: 'none', csrf_token: null };
}

export function mustSignIn(m: Me): boolean {
  return m.sign_in !== 'none' && m.user === null;
}

// The session ended (expired, signed out elsewhere, server restarted): forget the user
// and go to the sign-in page, unless already there. `replace`, so that Back does not
// return to a page that can only answer 401 again.
function sessionLost(): void {
  if (me) me = { ...me, user: null, csrf_token: null };
  const here = location.hash || '#/';
  if (!here.startsWith(`#/${signInPage}`)) location.replace(signInHref(here));
}

// An answer that sent the reader to the sign-in page: whoever asked stops there and
// shows nothing (the sign-in page replaces the page).
export function isSessionLost(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401 && e.code === 'unauthenticated';
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
    if (res.status === 401 && e?.code === 'unauthenticated') sessionLost();
    const wait = Number(res.headers.get('Retry-After'));
    throw new ApiError(res.status, e?.message ?? `HTTP ${res.status}`, e?.problems ?? [], e?.code ?? '',
      res.headers.has('Retry-After') && Number.isFinite(wait) ? wait : null);
  }
  return body as T;
}

// A POST to /api/PATH with the session's CSRF token (when there is a session); the
// answer as it came.
async function send(
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  params: Record<string, string | number | undefined> = {},
): Promise<Response> {
  const token = me?.csrf_token;
  const all = token ? { ...headers, 'X-CSRF-Token': token } : headers;
  return fetch(apiUrl(path, params), { method: 'POST', headers: all, body });
}

// A POST whose answer is JSON.
async function post<T>(
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  params: Record<string, string | number | undefined> = {},
): Promise<T> {
  return parse<T>(await send(path, body, headers, params));
}

// Signs in; the session cookie is set by the server's answer. Fails with the server's
// ApiError: 401 login_failed, 429 login_throttled (with retryAfter).
export async function login(name: string, password: string): Promise<User> {
  const r = await post<{ user: User; csrf_token: string }>('login', JSON.stringify({ name, password }), {
    'Content-Type': 'application/json',
  });
  me = { ...currentMe(), user: r.user, csrf_token: r.csrf_token };
  return r.user;
}

export async function logout(): Promise<void> {
  await post<{ user: null }>('logout', null);
  me = { ...currentMe(), user: null, csrf_token: null };
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

export async function postComment(c: CommentInput): Promise<Comment> {
  return (await post<{ comment: Comment }>('comments', JSON.stringify(c), { 'Content-Type': 'application/json' })).comment;
}

// --- follow-up: goal assessments, comment history, actions (åtgärder), peers, trend ---

// A stored comment as GET /api/comments and its history give it: every write is a
// version; in a history, a removal is a version marked deleted.
export interface CommentVersion extends Comment {
  version: number;
  deleted: boolean;
}

// An action (åtgärd) under a comment: what is to be done, by whom, by when.
export interface Action {
  id: number;
  subject_kind: 'indicator' | 'goal' | 'section';
  subject_id: string;
  unit: string;
  period: string;
  what: string;
  responsible: string;
  due: string | null; // YYYY-MM-DD
  done: boolean;
  done_at: string | null;
  author: string;
  updated_at: string;
}
export interface ActionOfUnit extends Action {
  unit_ref: UnitRef | null;
}

// GET /api/comments?…&year=: what was written for any period of the year, with the
// actions each carries.
export interface Analyses {
  comments: CommentVersion[];
  actions: Action[];
}

// A new action names its comment (subject, unit, period); a change names its id (an
// empty `what` removes it).
export type ActionInput =
  | { subject_kind: Action['subject_kind']; subject_id: string; unit: string; period: string; what: string; responsible: string; due: string; done: boolean }
  | { id: number; what: string; responsible?: string; due?: string; done?: boolean };

export async function postAction(a: ActionInput): Promise<Action> {
  return (await postJson<{ action: Action }>('actions', a)).action;
}

export type AssessedStatus = 'met' | 'near' | 'not_met';

// A goal's or an assignment's assessment for a unit and period: a status set by hand
// beside the computed one, justified when it differs.
export interface Assessment {
  goal_id: string;
  unit: string;
  period: string;
  status: AssessedStatus;
  status_text: string;
  computed_status: 'met' | 'near' | 'not_met' | 'no_data';
  computed_status_text: string;
  justification: string;
  responsible: string;
  author: string;
  updated_at: string;
  version: number;
}

// Fails with the server's ApiError: 400 justification_required when the status differs
// from the computed one and the justification is empty, 403 for a unit not the user's.
export async function postAssessment(a: { goal_id: string; unit: string; period: string; status: AssessedStatus; justification: string; responsible: string }): Promise<Assessment> {
  return (await postJson<{ assessment: Assessment }>('assessments', a)).assessment;
}

// GET /api/peers: the unit among the units of its kind in its area (or the region),
// best first; peers without a value last with rank null.
export interface PeerRow extends Result {
  unit: UnitRef;
  rank: number | null;
  is_unit: boolean;
}
export interface Peers {
  year: number;
  period: string;
  indicator: Indicator;
  unit: UnitRef;
  scope: 'area' | 'region';
  within: UnitRef;
  better: 'higher' | 'lower';
  count: number;
  rank: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  peers: PeerRow[];
}

// GET /api/trend: the same period of every plan year served, and every month of them.
export interface Trend {
  period: string;
  unit: UnitRef;
  indicator: Indicator;
  years: (Result & { year: number; period: string })[];
  months: { month: string; value: number | null; target: number | null; status: string }[];
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
  return post<ImportResult>('import', form);
}

// What an upload (POST /api/import?dry_run=1) or a removal (GET
// /api/batches/preview-remove) would change; nothing is written.
export interface ChangePreview {
  action: 'import' | 'remove';
  table: string;
  file_name: string | null;
  batch_id: number | null;
  already_stored: number | null;
  batches_out: number[];
  rows_out: number;
  rows_in: number;
  months_before: string[];
  months_after: string[];
  months: { month: string; rows_before: number; rows_after: number }[];
  indicators: string[];
}

export async function previewUpload(form: FormData): Promise<ChangePreview> {
  return post<ChangePreview>('import', form, {}, { dry_run: 1 });
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  return post<T>(path, JSON.stringify(body), { 'Content-Type': 'application/json' });
}

export async function removeBatch(id: number): Promise<{ batch: Batch; data_version: number }> {
  return postJson('batches/remove', { batch_id: id });
}
export async function restoreBatch(id: number): Promise<{ batch: Batch; data_version: number }> {
  return postJson('batches/restore', { batch_id: id });
}
export async function purgeBatch(id: number): Promise<{ purged: Batch[]; data_version: number }> {
  return postJson('batches/purge', { batch_ids: [id] });
}

// --- the board report (nämndsdialog) ----------------------------------------------------

export type ReportLayout = 'a4' | 'slides';

export interface ChangedFigure {
  indicator: string;
  name: string;
  was: number | null;
  now: number | null;
  status_was: string; // '' when the indicator was not in the report
  status_now: string; // '' when it is no longer
}

export interface IssuedReport {
  id: number;
  period: string;
  unit: string;
  lang: string;
  layout: string;
  data_revision: number;
  config_version: number;
  issued_by: string;
  issued_at: string;
  files: { name: string; sha256: string; bytes: number }[];
  compared: boolean;
  changed: ChangedFigure[];
}

export async function issueReport(params: Record<string, string>): Promise<IssuedReport> {
  return (await post<{ report: IssuedReport }>('report/issue', null, {}, params)).report;
}

// --- the audit trail -----------------------------------------------------------------------

export interface AuditEntry {
  id: number;
  at: string;
  by: string;
  client: string;
  action: string;
  subject: string;
  detail: string;
  hash: string;
}

export async function auditEntries(after: number, limit: number): Promise<AuditEntry[]> {
  return (await get<{ entries: AuditEntry[] }>('audit', { after, limit })).entries;
}

// A file from the API (an attachment): fetched, so that the page can say it is on its
// way (a PDF takes seconds) and show the server's error, with the name the server
// gives in Content-Disposition (else `fallback`); download.ts's saveBlob saves it.
export async function fetchApiFile(url: string, fallback: string): Promise<{ name: string; blob: Blob }> {
  return fileOf(await fetch(url), fallback);
}

// A file the API makes from a JSON body (POST /api/PATH with the CSRF token, as
// postJson), e.g. a table as an Excel workbook (/api/xlsx); an error answer is thrown
// as the server's ApiError, as from any other call.
export async function postForFile(path: string, body: unknown, fallback: string): Promise<{ name: string; blob: Blob }> {
  return fileOf(await send(path, JSON.stringify(body), { 'Content-Type': 'application/json' }), fallback);
}

async function fileOf(res: Response, fallback: string): Promise<{ name: string; blob: Blob }> {
  if (!res.ok) await parse<never>(res);
  const blob = await res.blob();
  return { name: fileNameOf(res.headers.get('Content-Disposition')) ?? fallback, blob };
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}
