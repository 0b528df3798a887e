// A "Historik" disclosure: the versions of a comment or an assessment, oldest first,
// read from the server when first opened (a <details>, so the keyboard and screen
// readers know it as a disclosure without help).
import { errorBox, h } from './ui';
import { t } from './i18n';

export function historyDisclosure<T>(load: () => Promise<T[]>, show: (v: T) => HTMLElement): HTMLDetailsElement {
  const list = h('ol', { class: 'history-list' });
  const details = h('details', { class: 'history' }, h('summary', null, t('history')), list);
  let loaded = false;
  const read = async () => {
    loaded = true;
    list.replaceChildren(h('li', { class: 'muted' }, t('loading')));
    try {
      const versions = await load();
      list.replaceChildren(...(versions.length ? versions.map((v) => h('li', null, show(v))) : [h('li', { class: 'muted' }, t('historyEmpty'))]));
    } catch (e) {
      loaded = false;
      list.replaceChildren(h('li', null, errorBox(e)));
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) void read();
  });
  // After a change: read anew now when open, else when next opened.
  refreshers.set(details, () => {
    loaded = false;
    if (details.open) void read();
  });
  return details;
}

const refreshers = new WeakMap<HTMLDetailsElement, () => void>();

// The versions have changed (a new one written): the disclosure shows them anew.
export function refreshHistory(details: HTMLDetailsElement): void {
  refreshers.get(details)?.();
}
