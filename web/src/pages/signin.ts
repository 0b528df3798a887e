// Logga in (#/logga-in?next=<hash>): name and password, the server's answer when it
// refuses them (in the reader's language, with the wait when it throttles), and on
// success the page the reader was on. Under a signing-in proxy there is no form: the
// page says that the proxy named no user nara knows.
import type { Me } from '../api';
import { ApiError, login, signInPage } from '../api';
import { t } from '../i18n';
import { errorBox, h, uid } from '../ui';

// Where to go after signing in: a page of this app (a hash route), never the sign-in
// page itself; the overview otherwise.
export function safeNext(next: string | null): string {
  return next && next.startsWith('#/') && !next.startsWith(`#/${signInPage}`) ? next : '#/oversikt';
}

// Fills `view` with the sign-in page; returns the element to give focus to.
export function renderSignIn(view: HTMLElement, me: Me, next: string): HTMLElement {
  if (me.sign_in === 'proxy') {
    const heading = h('h1', { tabindex: -1 }, t('signIn'));
    view.replaceChildren(heading, h('p', { class: 'notice proxy-no-user', role: 'status' }, t('proxyNoUser')));
    return heading;
  }
  const nameId = uid('signin-name');
  const passwordId = uid('signin-password');
  const messageId = uid('signin-message');
  const name = h('input', { id: nameId, name: 'username', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('div', { id: messageId, class: 'signin-message' });
  const submit = h('button', { type: 'submit' }, t('signIn'));
  const form = h(
    'form',
    { class: 'signin-form', 'aria-labelledby': 'signin-heading' },
    h('div', { class: 'field' }, h('label', { for: nameId }, t('userName')), name),
    h('div', { class: 'field' }, h('label', { for: passwordId }, t('password')), password),
    message,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void signIn({ name, password, message, submit }, next);
  });
  view.replaceChildren(
    h('div', { class: 'signin' }, h('h1', { id: 'signin-heading' }, t('signIn')), h('p', { class: 'lead' }, t('signInLead')), form),
  );
  return name;
}

// The server's messages are clauses ("fel användarnamn eller lösenord"); on the page
// each ends as a sentence.
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// "om 45 sekunder" below two minutes, else whole minutes rounded up ("om 14 minuter").
function waitText(seconds: number): string {
  if (seconds < 120) return t('retryIn').replace('{n}', String(seconds));
  return t('retryInMinutes').replace('{n}', String(Math.ceil(seconds / 60)));
}

interface SignInForm {
  name: HTMLInputElement;
  password: HTMLInputElement;
  message: HTMLElement;
  submit: HTMLButtonElement;
}

async function signIn(f: SignInForm, next: string): Promise<void> {
  f.submit.disabled = true;
  f.message.replaceChildren(h('p', { role: 'status' }, t('signingIn')));
  try {
    await login(f.name.value.trim(), f.password.value);
    // replace: Back should not lead to the sign-in page of a session already open.
    location.replace(safeNext(next));
  } catch (err) {
    refused(f, err);
  }
}

// The server's reason, tied to both fields; focus goes to the password, emptied, as
// the one to type again. While throttled the button waits out the Retry-After.
function refused(f: SignInForm, err: unknown): void {
  f.password.value = '';
  for (const input of [f.name, f.password]) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', f.message.id);
  }
  if (!(err instanceof ApiError) || !['login_failed', 'login_throttled'].includes(err.code)) {
    f.message.replaceChildren(errorBox(err));
    f.submit.disabled = false;
    f.password.focus();
    return;
  }
  const wait = err.code === 'login_throttled' ? err.retryAfter : null;
  // The server's message usually names the wait itself; the page adds it only when not.
  const named = wait === null || err.message.includes(String(wait));
  f.message.replaceChildren(
    h(
      'div',
      { class: 'error', role: 'alert', 'data-code': err.code },
      h('strong', null, `${t('signInFailed')}: `),
      sentence(err.message),
      named ? null : h('span', { class: 'retry-after' }, ` ${waitText(wait)}`),
    ),
  );
  if (wait !== null && wait > 0) {
    window.setTimeout(() => (f.submit.disabled = false), wait * 1000);
  } else {
    f.submit.disabled = false;
  }
  f.password.focus();
}
