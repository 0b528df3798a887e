// What the Planering page's sections (pages/planning.ts, geography.ts) share: the
// scenario as GET /api/planning lists it, a JSON POST with the session's CSRF token, and
// small helpers for texts, signed differences, failures and labelled fields.
import { ApiError, apiUrl, currentMe, signInHref } from './api';
import { formatNumber } from './format';
import { errorBox, h, uid } from './ui';

export interface Scenario {
  id: string;
  name: string;
  description: string;
}

// "{name} är startad" with name filled in.
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// A difference with its sign: '+1,2', '−0,4' (a real minus, U+2212), '0,0' when it
// rounds to nothing. The sign is the rounded value's, so that it never reads '−0,0'.
export function signed(v: number | null | undefined, decimals: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  if (r === 0) return formatNumber(0, decimals);
  return `${r > 0 ? '+' : '\u2212'}${formatNumber(Math.abs(r), decimals)}`;
}

// A POST of `body` as JSON with the session's CSRF token, as api.ts sends its own; the
// answer's JSON, or the server's ApiError (code and message). A lost session leads to
// the sign-in page.
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const token = currentMe().csrf_token;
  const res = await fetch(apiUrl(path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) },
    body: JSON.stringify(body),
  });
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    throw new ApiError(res.status, `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const e = (data as { error?: { message?: string; code?: string } }).error ?? {};
    if (res.status === 401 && e.code === 'unauthenticated') location.replace(signInHref(location.hash || undefined));
    throw new ApiError(res.status, e.message ?? `HTTP ${res.status}`, [], e.code ?? '');
  }
  return data as T;
}

// A failure shown where it happened: a 4xx as the server's sentence, the rest as an error box.
export function failure(e: unknown): HTMLElement {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 ? h('p', { class: 'error pl-error', role: 'alert' }, e.message) : errorBox(e);
}

// A section of the page headed by `title`, named by its heading.
export function section(cls: string, title: string): { el: HTMLElement; headingId: string } {
  const headingId = uid(`${cls}-heading`);
  return { el: h('section', { class: `pl-section ${cls}`, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title)), headingId };
}

// A control with its label above it and, when given, a help text it is described by.
export function field(label: string, control: HTMLElement, help: string | null = null): HTMLElement {
  const id = control.id || uid('pl-field');
  control.id = id;
  const helpId = help ? uid('pl-help') : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, help ? h('span', { id: helpId, class: 'help small muted' }, help) : null);
}
