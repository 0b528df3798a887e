// Logg (administrators): the audit trail, newest first, a page at a time; "Visa äldre"
// adds the page before. The API lists entries oldest first after an id (GET
// /api/audit?after=&limit=), so the page finds the newest id first (a few requests of
// one entry each) and then reads backwards window by window.
import type { AuditEntry } from '../api';
import { auditEntries } from '../api';
import { isAdmin } from '../access';
import type { Context } from '../context';
import { t, tr } from '../i18n';
import { h, uid } from '../ui';

const pageSize = 100;
const most = 1000; // the API's largest limit

// The id of the newest entry (0 when the log is empty): while a window of `most`
// entries is full, probe further ahead with one entry at a time (doubling the jump),
// then narrow down to a window the API returns whole.
async function newestId(): Promise<number> {
  let lo = 0; // entries exist after lo (or lo is 0)
  let first = await auditEntries(0, most);
  if (first.length < most) return first.length ? first[first.length - 1].id : 0;
  lo = first[first.length - 1].id;
  let hi = -1; // no entries after hi
  for (let jump = most; hi < 0; jump *= 2) {
    const probe = await auditEntries(lo + jump, 1);
    if (probe.length === 0) hi = lo + jump;
    else lo = probe[0].id;
  }
  while (hi - lo > most) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const probe = await auditEntries(mid, 1);
    if (probe.length === 0) hi = mid;
    else lo = probe[0].id;
  }
  first = await auditEntries(lo - 1, most);
  return first.length ? first[first.length - 1].id : lo;
}

// Up to pageSize entries before id `before`, newest first (fewer at the log's start).
async function entriesBefore(before: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let end = before;
  while (out.length < pageSize && end > 1) {
    const after = Math.max(0, end - 1 - (pageSize - out.length));
    const got = (await auditEntries(after, most)).filter((e) => e.id < end);
    out.push(...got.reverse());
    end = after + 1;
  }
  return out;
}

export function actionText(action: string): string {
  const key = `action_${action}`;
  const text = tr(key);
  // tr() falls back to the key without its prefix: an unknown action as it is.
  return text === action ? action : text;
}

function row(e: AuditEntry): HTMLElement {
  return h(
    'tr',
    { 'data-entry': e.id, 'data-action': e.action },
    h('th', { scope: 'row', class: 'num' }, String(e.id)),
    h('td', { class: 'nowrap' }, e.at),
    h('td', null, actionText(e.action)),
    h('td', null, e.by || '–'),
    h('td', null, e.client || '–'),
    h('td', null, e.subject),
    h('td', { class: 'detail' }, e.detail),
  );
}

export async function renderAudit(ctx: Context): Promise<void> {
  if (!isAdmin(ctx.me)) {
    ctx.main.replaceChildren(h('h1', null, t('auditLog')), h('p', { class: 'notice' }, t('auditAdminOnly')));
    return;
  }
  const headingId = uid('audit');
  const body = h('tbody');
  const status = h('p', { class: 'muted audit-status', role: 'status' });
  const more = h('button', { type: 'button', class: 'audit-more' }, t('auditOlder'));
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table audit-table', 'aria-labelledby': headingId },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[t('auditEntry'), t('auditAt'), t('auditAction'), t('auditBy'), t('auditClient'), t('auditSubject'), t('auditDetail')].map((l, i) =>
            h('th', { scope: 'col', class: i === 0 ? 'num' : null }, l),
          ),
        ),
      ),
      body,
    ),
  );
  let oldest = (await newestId()) + 1;
  let shown = 0;
  const loadOlder = async () => {
    const page = await entriesBefore(oldest);
    body.append(...page.map(row));
    shown += page.length;
    if (page.length) oldest = page[page.length - 1].id;
    const done = page.length < pageSize || oldest <= 1;
    more.hidden = done;
    status.textContent = `${t('auditShown').replace('{n}', String(shown))}${done && shown > 0 ? ` ${t('auditNoMore')}` : ''}`;
    return page;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await loadOlder();
      // The first of the rows just added, for a keyboard user to read on from.
      const first = page.length ? body.querySelector(`tr[data-entry="${page[0].id}"] th`) : null;
      if (first instanceof HTMLElement) {
        first.tabIndex = -1;
        first.focus();
      } else {
        status.focus();
      }
    } finally {
      more.disabled = false;
    }
  });
  ctx.main.replaceChildren(h('h1', { id: headingId }, t('auditLog')), h('p', { class: 'muted' }, t('auditLead')), table, status, more);
  await loadOlder();
  if (shown === 0) table.replaceWith(h('p', { class: 'muted' }, t('auditEmpty')));
}
