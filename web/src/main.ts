// nara's pages: a hash router over seven pages sharing the chosen period and unit,
// and the sign-in page in front of them.
//   #/oversikt?period=2024-T1&unit=nsh      Översikt
//   #/indikator/ID?period=…&unit=…          Indikator
//   #/enhet/ID?period=…                     Enhet
//   #/malstyrning?period=…&unit=…           Målstyrning
//   #/namndsdialog?period=…&unit=…          Nämndsdialog (the board report)
//   #/ekonomi?year=2024&period=…&unit=…      Ekonomi (budget, utfall, prognos; issue 16)
//   #/intern-kontroll?year=2024             Intern kontroll (risks, controls, follow-up; issue 16)
//   #/planering                             Planering (scenarios to 2030, backcast, geography; issue 17)
//   #/import                                Dataimport
//   #/logg                                  Logg (the audit trail; administrators only)
//   #/logga-in?next=<hash>                  Logga in (then back to `next`)
// Any of them may name the language (&lang=sv|en): the links the pages make do, and
// the language switch sets it, so that a link shared opens in the language it was read in.
// On a server with accounts, a page asked for while nobody is signed in leads to the
// sign-in page; the header names who is signed in and offers to sign out.
//
// Modules depend only downwards (each imports only modules below it):
//   main.ts                       the router; imports the pages and everything below
//   pages/*.ts                    one page each (error.ts: a page that failed); import no page and not main.ts
//   toolbar.ts                    period + unit pickers shared by pages
//   context.ts                    the Context type main.ts hands each page
//   access.ts                     what the signed-in user may do (import, comment, issue, admin)
//   ui.ts                         DOM helpers and shared widgets
//   download.ts                   tables as CSV files (Swedish Excel dialect), saving a file
//   format.ts                     numbers, statuses, periods
//   api.ts, i18n.ts               server calls and types; texts (api uses i18n's language)
import './style.css';
import type { Batch, Info, Me } from './api';
import { currentMe, get, isSessionLost, loadMe, logout, mustSignIn, signInHref, signInPage } from './api';
import type { Context } from './context';
import { currentLang, setLang, t, tr, type TextKey } from './i18n';
import { errorBox, h, hrefFor, loading, restoreFocus, scrollRegions, type Scope } from './ui';
import { renderOverview } from './pages/overview';
import { renderIndicator } from './pages/indicator';
import { renderUnit } from './pages/unit';
import { renderGoals } from './pages/goals';
import { renderImport } from './pages/import';
import { renderReport } from './pages/report';
import { renderAudit } from './pages/audit';
import { renderEconomy } from './pages/economy';
import { renderInternalControl } from './pages/internal_control';
import { renderPlanning } from './pages/planning';
import { isAdmin } from './access';
import { renderSignIn, safeNext } from './pages/signin';
import { renderError } from './pages/error';

// `shown`: whether the menu offers the page to the signed-in user (default: always).
const pages: { page: string; key: TextKey; render: (ctx: Context) => Promise<void>; shown?: (me: Me) => boolean }[] = [
  { page: 'oversikt', key: 'overview', render: renderOverview },
  { page: 'indikator', key: 'indicator', render: renderIndicator },
  { page: 'enhet', key: 'unit', render: renderUnit },
  { page: 'malstyrning', key: 'goals', render: renderGoals },
  { page: 'namndsdialog', key: 'board', render: renderReport },
  { page: 'ekonomi', key: 'economy', render: renderEconomy },
  { page: 'intern-kontroll', key: 'internalControl', render: renderInternalControl },
  { page: 'planering', key: 'planning', render: renderPlanning },
  { page: 'import', key: 'import', render: renderImport },
  { page: 'logg', key: 'auditLog', render: renderAudit, shown: isAdmin },
];

let info: Info | null = null;
// When the latest batch in the results was imported (GET /api/batches); null for a
// server that reads a folder (its data were read at info.loaded_at).
let latestImport: string | null = null;

// The server's facts, and the time of the latest import for the footer.
async function loadInfo(): Promise<Info> {
  const [i, b] = await Promise.all([get<Info>('info'), get<{ batches: Batch[] }>('batches').catch(() => null)]);
  const times = (b?.batches ?? []).filter((x) => (x.state ?? 'active') === 'active').map((x) => x.loaded_at).sort();
  latestImport = times.length ? times[times.length - 1] : null;
  return i;
}
let scope: Scope = { period: '', unit: '' };
let renderCount = 0;

function defaultPeriod(i: Info): string {
  // The latest tertial with data, else the last year served.
  if (i.data_through) {
    const [y, m] = i.data_through.split('-').map(Number);
    if (y === i.last_year) return `${y}-T${Math.ceil(m / 4)}`;
  }
  return String(i.last_year);
}

function parseHash(): { page: string; id?: string; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  // Split at the first '?' only: the sign-in page's `next` is a hash with a query.
  const cut = raw.indexOf('?');
  const [path, query] = cut < 0 ? [raw, ''] : [raw.slice(0, cut), raw.slice(cut + 1)];
  const [page, id] = (path || 'oversikt').split('/');
  return { page: page || 'oversikt', id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(query ?? '') };
}

function renderChrome(active: string) {
  document.documentElement.lang = currentLang();
  (document.querySelector('.skip-link') as HTMLElement).textContent = t('skip');
  (document.getElementById('brand-sub') as HTMLElement).textContent = t('brandSub');
  const me = currentMe();
  const nav = document.getElementById('site-nav') as HTMLElement;
  nav.setAttribute('aria-label', t('navLabel'));
  // Signed out, the menu would only lead to the sign-in page.
  nav.hidden = mustSignIn(me);
  nav.replaceChildren(
    h(
      'ul',
      null,
      ...pages.filter((p) => !p.shown || p.shown(me)).map((p) =>
        h('li', null, h('a', { href: hrefFor(p.page, scope), 'aria-current': p.page === active ? 'page' : null }, t(p.key))),
      ),
    ),
  );
  const lang = document.getElementById('lang-switch') as HTMLButtonElement;
  lang.textContent = t('switchTo');
  lang.setAttribute('aria-label', t('switchToLabel'));
  lang.lang = currentLang() === 'sv' ? 'en' : 'sv';
  renderUserBox(me);
  const footer = document.getElementById('site-footer') as HTMLElement;
  if (info) {
    // What the figures rest on, without the server's file paths: the data version and
    // when its latest batch was imported (a folder: when it was read).
    const config = info.config_version === null ? '' : ` · ${t('configVersion')} ${info.config_version}`;
    const when = latestImport ? `${t('latestImport')} ${latestImport}` : `${t('dataRead')} ${info.loaded_at}`;
    footer.textContent = `nara · ${t('dataVersion')} ${info.data_version} · ${when}${config}`;
  } else {
    footer.textContent = 'nara';
  }
}

// "Inloggad som NAME · roll" and the sign-out button; empty on a server without
// accounts. Under a signing-in proxy there is no sign-out: the proxy keeps the session.
function renderUserBox(me: Me) {
  const box = document.getElementById('user-box') as HTMLElement;
  const user = me.user;
  box.hidden = user === null;
  if (!user) {
    box.replaceChildren();
    return;
  }
  const signOutButton = h('button', { type: 'button', class: 'sign-out' }, t('signOut'));
  signOutButton.addEventListener('click', () => void signOut());
  box.replaceChildren(
    h('span', { class: 'user-name' }, `${t('signedInAs')} `, h('strong', null, user.name), ` · ${tr(`role_${user.role}`)}`),
    ...(me.sign_in === 'password' ? [signOutButton] : []),
  );
}

async function signOut() {
  try {
    await logout();
  } catch (e) {
    (document.getElementById('main') as HTMLElement).replaceChildren(errorBox(e));
    return;
  }
  info = null; // the next user reads the server's facts anew
  location.hash = signInHref();
}

function markRendered(main: HTMLElement, page: string) {
  main.setAttribute('data-ready', 'true');
  document.dispatchEvent(new CustomEvent('nara:rendered', { detail: { page } }));
}

// The sign-in page, or where to go instead: a server without accounts, or a user
// already signed in, has nothing to sign in to; any other page asked for while signed
// out leads here with `next` set to it (under a proxy its message shows in place).
function routeSignIn(main: HTMLElement, page: string, params: URLSearchParams, me: Me) {
  if (!mustSignIn(me)) {
    location.replace(safeNext(params.get('next')));
    return;
  }
  if (page !== signInPage && me.sign_in === 'password') {
    location.replace(signInHref(location.hash || undefined));
    return;
  }
  renderChrome(signInPage);
  document.title = `${t('signIn')} – nara`;
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const focus = renderSignIn(view, me, params.get('next') ?? '');
  markRendered(main, signInPage);
  focus.focus();
}

async function route() {
  const main = document.getElementById('main') as HTMLElement;
  const count = ++renderCount;
  const { page, id, params } = parseHash();
  // The address's language wins over the one remembered (a link shared in English).
  const asked = params.get('lang');
  if ((asked === 'sv' || asked === 'en') && asked !== currentLang()) setLang(asked);
  main.removeAttribute('data-ready'); // until this route's page is on the screen
  try {
    const me = await loadMe();
    if (page === signInPage || mustSignIn(me)) {
      if (count === renderCount) routeSignIn(main, page, params, me);
      return;
    }
    if (!info) info = await loadInfo();
  } catch (e) {
    if (count === renderCount && !isSessionLost(e)) main.replaceChildren(errorBox(e));
    return;
  }
  const i = info;
  scope = {
    period: params.get('period') || scope.period || defaultPeriod(i),
    unit: params.get('unit') || scope.unit || i.administration,
  };
  const entry = pages.find((p) => p.page === page) ?? pages[0];
  renderChrome(entry.page);
  document.title = `${t(entry.key)} – nara`;
  // Each render fills a view of its own: a render overtaken by a newer one (a second
  // click on the language switch before the first answers arrived) fills a view that is
  // no longer on the page, and cannot put stale texts in the wrong language on it.
  const view = document.createElement('div');
  view.className = 'view';
  view.append(loading());
  main.replaceChildren(view);
  main.removeAttribute('data-ready');
  const ctx: Context = {
    info: i,
    me: currentMe(),
    scope,
    id,
    main: view,
    refreshInfo,
    go: (p, s, newId) => {
      const next = hrefFor(p, { ...scope, ...s }, newId ?? (p === entry.page ? id : undefined));
      // The same view again: nothing is drawn anew, the focus stays where it is.
      if (next === location.hash) restoreFocus(view);
      else location.hash = next;
    },
  };
  try {
    await entry.render(ctx);
  } catch (e) {
    // A lost session: the sign-in page is on its way and is the one to be marked ready.
    if (isSessionLost(e)) return;
    if (count === renderCount) {
      document.title = `${t('pageFailed').replace('{page}', t(entry.key))} – nara`;
      const home = hrefFor('oversikt', { period: defaultPeriod(i), unit: i.administration });
      await renderError(ctx, entry.page, t(entry.key), e, home).catch(() => view.replaceChildren(errorBox(e)));
    }
  }
  if (count === renderCount) {
    markRendered(main, entry.page);
    // A picker that drew the page anew gets the focus back.
    restoreFocus(view);
  }
}

// After a navigation by link, move focus to the page so screen readers start there.
let focusOnNextRender = false;
document.addEventListener('nara:rendered', () => {
  if (focusOnNextRender) {
    focusOnNextRender = false;
    (document.querySelector('#main h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
    (document.querySelector('#main h1') as HTMLElement | null)?.focus();
  }
});
document.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a');
  if (a && a.getAttribute('href')?.startsWith('#/')) focusOnNextRender = true;
});

// The hash with its query's `lang` set to `lang`, the rest of it as it was.
function withLang(hash: string, lang: string): string {
  const raw = hash.replace(/^#/, '') || '/';
  const cut = raw.indexOf('?');
  const params = new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1));
  params.set('lang', lang);
  return `#${cut < 0 ? raw : raw.slice(0, cut)}?${params.toString()}`;
}

document.getElementById('lang-switch')?.addEventListener('click', () => {
  setLang(currentLang() === 'sv' ? 'en' : 'sv');
  // replaceState: no hashchange (the page is drawn once, below), and the address names
  // the language for a link copied from it.
  history.replaceState(history.state, '', withLang(location.hash, currentLang()));
  void route().then(() => (document.getElementById('lang-switch') as HTMLElement).focus());
});

function refreshInfo(): Promise<void> {
  return loadInfo().then((i) => {
    info = i;
    renderChrome(parseHash().page);
  });
}

// Tables drawn at any time (the batch history after an upload, older log entries)
// scroll inside named regions (ui.ts scrollRegions).
new MutationObserver(() => scrollRegions(document.getElementById('main') as HTMLElement)).observe(
  document.getElementById('main') as HTMLElement,
  { childList: true, subtree: true },
);

window.addEventListener('hashchange', () => void route());
void route();
