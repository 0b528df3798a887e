// nara's pages: a hash router over five pages sharing the chosen period and unit.
//   #/oversikt?period=2024-T1&unit=nsh      Översikt
//   #/indikator/ID?period=…&unit=…          Indikator
//   #/enhet/ID?period=…                     Enhet
//   #/malstyrning?period=…&unit=…           Målstyrning
//   #/import                                Dataimport
//
// Modules depend only downwards (each imports only modules below it):
//   main.ts                       the router; imports the pages and everything below
//   pages/*.ts                    one page each; import no page and not main.ts
//   toolbar.ts                    period + unit pickers shared by pages
//   context.ts                    the Context type main.ts hands each page
//   ui.ts                         DOM helpers and shared widgets
//   download.ts                   tables as CSV files (Swedish Excel dialect)
//   format.ts                     numbers, statuses, periods
//   api.ts, i18n.ts               server calls and types; texts (api uses i18n's language)
import './style.css';
import type { Info } from './api';
import { get } from './api';
import type { Context } from './context';
import { currentLang, setLang, t, type TextKey } from './i18n';
import { errorBox, h, hrefFor, loading, type Scope } from './ui';
import { renderOverview } from './pages/overview';
import { renderIndicator } from './pages/indicator';
import { renderUnit } from './pages/unit';
import { renderGoals } from './pages/goals';
import { renderImport } from './pages/import';

const pages: { page: string; key: TextKey; render: (ctx: Context) => Promise<void> }[] = [
  { page: 'oversikt', key: 'overview', render: renderOverview },
  { page: 'indikator', key: 'indicator', render: renderIndicator },
  { page: 'enhet', key: 'unit', render: renderUnit },
  { page: 'malstyrning', key: 'goals', render: renderGoals },
  { page: 'import', key: 'import', render: renderImport },
];

let info: Info | null = null;
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
  const [path, query] = raw.split('?');
  const [page, id] = (path || 'oversikt').split('/');
  return { page: page || 'oversikt', id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(query ?? '') };
}

function renderChrome(active: string) {
  document.documentElement.lang = currentLang();
  (document.querySelector('.skip-link') as HTMLElement).textContent = t('skip');
  (document.getElementById('brand-sub') as HTMLElement).textContent = t('brandSub');
  const nav = document.getElementById('site-nav') as HTMLElement;
  nav.setAttribute('aria-label', t('navLabel'));
  nav.replaceChildren(
    h(
      'ul',
      null,
      ...pages.map((p) =>
        h('li', null, h('a', { href: hrefFor(p.page, scope), 'aria-current': p.page === active ? 'page' : null }, t(p.key))),
      ),
    ),
  );
  const lang = document.getElementById('lang-switch') as HTMLButtonElement;
  lang.textContent = t('switchTo');
  lang.setAttribute('aria-label', t('switchToLabel'));
  lang.lang = currentLang() === 'sv' ? 'en' : 'sv';
  const footer = document.getElementById('site-footer') as HTMLElement;
  if (info) {
    const config = info.config_version === null ? '' : ` · ${t('configVersion')} ${info.config_version}`;
    footer.textContent = `nara · ${t('source')}: ${info.source} · ${t('dataVersion')} ${info.data_version}${config} · ${info.loaded_at}`;
  }
}

async function route() {
  const main = document.getElementById('main') as HTMLElement;
  const count = ++renderCount;
  const { page, id, params } = parseHash();
  try {
    if (!info) info = await get<Info>('info');
  } catch (e) {
    main.replaceChildren(errorBox(e));
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
    scope,
    id,
    main: view,
    refreshInfo,
    go: (p, s, newId) => {
      location.hash = hrefFor(p, { ...scope, ...s }, newId ?? (p === entry.page ? id : undefined));
    },
  };
  try {
    await entry.render(ctx);
  } catch (e) {
    if (count === renderCount) view.replaceChildren(errorBox(e));
  }
  if (count === renderCount) {
    main.setAttribute('data-ready', 'true');
    document.dispatchEvent(new CustomEvent('nara:rendered', { detail: { page: entry.page } }));
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

document.getElementById('lang-switch')?.addEventListener('click', () => {
  setLang(currentLang() === 'sv' ? 'en' : 'sv');
  void route().then(() => (document.getElementById('lang-switch') as HTMLElement).focus());
});

function refreshInfo(): Promise<void> {
  return get<Info>('info').then((i) => {
    info = i;
    renderChrome(parseHash().page);
  });
}

window.addEventListener('hashchange', () => void route());
void route();
