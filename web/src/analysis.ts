// The analysis of an indicator or a goal for a unit (issue 15): the text for the period
// shown, with a form for those who may write it, and what was written for the other
// periods of the same year ("Skriven för 2024-T3"), since an analysis travels with the
// year. Each text has its versions under "Historik" (a removal marked "borttagen") and
// its actions (åtgärder: what, responsible, due date, done) under it, which those who
// may write add, change, mark done and remove. The server names the author and checks
// every write again.
import type { Action, Analyses, CommentVersion } from './api';
import { get, isSessionLost, postAction, postComment } from './api';
import { parsePeriod } from './format';
import { refreshHistory, historyDisclosure } from './history';
import { t } from './i18n';
import { confirmDialog, errorBox, h, uid, type CommentAccess } from './ui';
import './follow.css';

type SubjectKind = 'indicator' | 'goal';

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// Everything written for `unit` in the year of `period` about subjects of `kind` (one
// subject when `subjectId` is given): one request for a whole page.
export function loadAnalyses(kind: SubjectKind, unit: string, period: string, subjectId?: string): Promise<Analyses> {
  const year = parsePeriod(period)?.year;
  return get<Analyses>('comments', { subject_kind: kind, subject_id: subjectId, unit, year });
}

// Today as YYYY-MM-DD in the reader's time zone: an action due before it and not done
// is overdue.
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function isOverdue(a: Pick<Action, 'done' | 'due'>): boolean {
  return !a.done && !!a.due && a.due < today();
}

// "Klar", "Försenad" or "Öppen" as a small badge (a word, not a colour alone).
export function actionState(a: Pick<Action, 'done' | 'due'>): HTMLElement {
  const [cls, text] = a.done ? ['state-done', t('actionDone')] : isOverdue(a) ? ['state-overdue', t('actionOverdue')] : ['state-open', t('actionOpen')];
  return h('span', { class: `action-state ${cls}`, 'data-state': cls.slice(6) }, text);
}

function versionView(c: CommentVersion): HTMLElement {
  return h(
    'div',
    { class: `version${c.deleted ? ' version-deleted' : ''}`, 'data-version': c.version, 'data-deleted': c.deleted ? 'true' : null },
    h('strong', null, `${fill(t('versionN'), { n: c.version })}: `),
    c.deleted ? h('span', { class: 'deleted-mark' }, t('deletedVersion')) : c.text,
    h('span', { class: 'muted' }, ` · ${c.author ? `${t('by')} ${c.author}, ` : ''}${c.updated_at ?? ''}`),
  );
}

function commentHistory(kind: SubjectKind, subjectId: string, unit: string, period: string): HTMLDetailsElement {
  return historyDisclosure(
    async () => (await get<{ versions: CommentVersion[] }>('comments/history', { subject_kind: kind, subject_id: subjectId, unit, period })).versions,
    versionView,
  );
}

function quote(c: CommentVersion): HTMLElement {
  return h('blockquote', null, h('p', null, c.text), h('footer', { class: 'muted' }, `${c.author ? `${t('by')} ${c.author}, ` : ''}${c.updated_at ?? ''}`));
}

// The analysis box of one subject for the unit and period; `analyses` is what
// loadAnalyses() read for the page (the subject's texts are picked from it).
export function analysisBox(
  kind: SubjectKind,
  subjectId: string,
  unit: string,
  period: string,
  analyses: Promise<Analyses>,
  startOpen: boolean,
  access: CommentAccess,
): HTMLElement {
  const box = h('div', { class: 'comment-box' });
  const shown = h('div', { class: 'comment-text' });
  const history = commentHistory(kind, subjectId, unit, period);
  const textarea = h('textarea', { id: uid('comment'), rows: 4 });
  const actions = actionsBlock({ subject_kind: kind, subject_id: subjectId, unit, period }, access.mayWrite);
  const others = h('div', { class: 'analysis-other', hidden: true });
  const show = (c: CommentVersion | undefined) => {
    shown.replaceChildren(c && !c.deleted ? quote(c) : h('p', { class: 'muted' }, t('noComments')));
    history.hidden = !c;
    textarea.value = c && !c.deleted ? c.text : '';
  };
  show(undefined);
  analyses
    .then((r) => {
      const mine = r.comments.filter((c) => c.subject_kind === kind && c.subject_id === subjectId && !c.deleted);
      const acts = r.actions.filter((a) => a.subject_kind === kind && a.subject_id === subjectId);
      show(mine.find((c) => c.period === period));
      actions.set(acts.filter((a) => a.period === period));
      // The other periods of the year, the latest written first.
      const rest = mine.filter((c) => c.period !== period).sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? ''));
      others.hidden = rest.length === 0;
      const year = parsePeriod(period)?.year ?? '';
      const headingId = uid('analysis-other');
      others.replaceChildren(
        h('p', { id: headingId, class: 'analysis-other-title' }, h('strong', null, fill(t('otherPeriods'), { year }))),
        ...rest.map((c) => {
          const its = actionsBlock({ subject_kind: kind, subject_id: subjectId, unit, period: c.period }, access.mayWrite);
          its.set(acts.filter((a) => a.period === c.period));
          return h(
            'div',
            { class: 'analysis-item', 'data-period': c.period, role: 'group', 'aria-label': fill(t('writtenFor'), { period: c.period }) },
            h('span', { class: 'written-for' }, fill(t('writtenFor'), { period: c.period })),
            quote(c),
            commentHistory(kind, subjectId, unit, c.period),
            its.el,
          );
        }),
      );
    })
    .catch((e) => {
      if (!isSessionLost(e)) shown.replaceChildren(errorBox(e));
    });

  if (!access.mayWrite) {
    box.append(shown, history, ...(access.note ? [h('p', { class: 'muted small comment-read-only' }, access.note)] : []), actions.el, others);
    return box;
  }
  const form = commentForm(textarea, async () => {
    const c = (await postComment({ subject_kind: kind, subject_id: subjectId, unit, period, text: textarea.value })) as CommentVersion;
    show(c.text ? c : { ...c, deleted: true });
    history.hidden = false;
    refreshHistory(history);
  });
  form.hidden = !startOpen;
  const editButton = h('button', { type: 'button', class: 'link-button', 'aria-expanded': String(startOpen) }, t('edit'));
  editButton.addEventListener('click', () => {
    form.hidden = !form.hidden;
    editButton.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) textarea.focus();
  });
  box.append(shown, history, ...(startOpen ? [] : [editButton]), form, actions.el, others);
  return box;
}

// The form around a comment's text; `save` stores it, its failure is shown in the form.
function commentForm(textarea: HTMLTextAreaElement, save: () => Promise<void>): HTMLFormElement {
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h(
    'form',
    { class: 'comment-form' },
    h('div', { class: 'field' }, h('label', { for: textarea.id }, t('commentLabel')), textarea),
    h('button', { type: 'submit' }, t('save')),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.textContent = '';
    try {
      await save();
      status.textContent = t('saved');
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(errorBox(err));
    }
  });
  return form;
}

// --- actions -----------------------------------------------------------------------------

interface ActionKey {
  subject_kind: SubjectKind;
  subject_id: string;
  unit: string;
  period: string;
}

// The actions of one comment (subject, unit, period): the list, and for those who may
// write a form to add one and buttons to change, mark done and remove each.
function actionsBlock(key: ActionKey, mayWrite: boolean): { el: HTMLElement; set: (list: Action[]) => void } {
  let list: Action[] = [];
  const listId = uid('actions');
  const ul = h('ul', { id: listId, class: 'action-list', 'aria-label': `${t('followActions')} (${key.period})` });
  const el = h('div', { class: 'actions-block', 'data-period': key.period }, ul);
  const status = h('p', { class: 'form-status', role: 'status' });

  const save = async (input: Parameters<typeof postAction>[0], focusAfter?: (id: number) => string) => {
    status.replaceChildren();
    try {
      const a = await postAction(input);
      if ('id' in input && !input.what) list = list.filter((x) => x.id !== input.id);
      else if ('id' in input) list = list.map((x) => (x.id === a.id ? a : x));
      else list = [...list, a];
      render();
      const sel = focusAfter?.(a.id);
      if (sel) el.querySelector<HTMLElement>(sel)?.focus();
      return true;
    } catch (err) {
      if (!isSessionLost(err)) status.replaceChildren(errorBox(err));
      return false;
    }
  };

  const row = (a: Action): HTMLElement => {
    const li = h('li', { 'data-action': a.id, class: a.done ? 'action-done' : null });
    const what = h('span', { class: 'action-what' }, a.what);
    const facts = [
      a.responsible ? h('span', { class: 'action-responsible' }, `${t('responsible')}: ${a.responsible}`) : null,
      a.due ? h('span', { class: 'action-due' }, `${t('actionDue')}: ${a.due}`) : null,
      actionState(a),
    ];
    if (!mayWrite) {
      li.append(what, ...facts.filter((f): f is HTMLElement => !!f));
      return li;
    }
    const checkId = uid('action-done');
    const done = h('input', { type: 'checkbox', id: checkId, checked: a.done, class: 'action-check' });
    done.addEventListener('change', () =>
      void save({ id: a.id, what: a.what, responsible: a.responsible, due: a.due ?? '', done: done.checked }, (id) => `[data-action="${id}"] .action-check`));
    const change = h('button', { type: 'button', class: 'secondary action-change', 'aria-label': fill(t('changeActionLabel'), { what: a.what }) }, t('changeAction'));
    const remove = h('button', { type: 'button', class: 'secondary action-remove', 'aria-label': fill(t('removeActionLabel'), { what: a.what }) }, t('removeAction'));
    change.addEventListener('click', () => {
      const holder: HTMLElement = h('li', { class: 'action-editing' });
      holder.append(actionForm(a, async (v) => save({ id: a.id, ...v, done: a.done }, (id) => `[data-action="${id}"] .action-change`), () => {
        holder.replaceWith(li);
        change.focus();
      }));
      li.replaceWith(holder);
      holder.querySelector('input')?.focus();
    });
    remove.addEventListener('click', async () => {
      if (!(await confirmDialog(`${fill(t('removeActionLabel'), { what: a.what })}?`, t('removeAction')))) return;
      if (await save({ id: a.id, what: '' })) el.querySelector<HTMLElement>('.add-action > summary')?.focus();
    });
    li.append(
      done,
      h('label', { for: checkId, class: 'sr-only' }, fill(t('actionDoneLabel'), { what: a.what })),
      what,
      ...facts.filter((f): f is HTMLElement => !!f),
      change,
      remove,
    );
    return li;
  };

  const render = () => {
    // Open ones first by due date, then the done.
    const sorted = [...list].sort((x, y) => Number(x.done) - Number(y.done) || (x.due ?? '9999').localeCompare(y.due ?? '9999') || x.id - y.id);
    ul.replaceChildren(...sorted.map(row));
    ul.hidden = list.length === 0;
  };

  if (mayWrite) {
    const add = h('details', { class: 'add-action assess-disclosure' }, h('summary', null, t('addAction')));
    const form = actionForm(null, async (v) => {
      const ok = await save({ ...key, ...v, done: false });
      if (ok) {
        form.reset();
        form.querySelector('input')?.focus();
      }
      return ok;
    }, null);
    add.append(form);
    el.append(add);
  }
  el.append(status);
  render();
  return {
    el,
    set: (l) => {
      list = l;
      render();
    },
  };
}

// What, responsible and due date of a new action or of `a`; `save` stores them (true
// when stored), `cancel` (for a change) puts the row back.
function actionForm(a: Action | null, save: (v: { what: string; responsible: string; due: string }) => Promise<boolean>, cancel: (() => void) | null): HTMLFormElement {
  const whatId = uid('action-what');
  const respId = uid('action-responsible');
  const dueId = uid('action-due');
  const what = h('input', { id: whatId, type: 'text', required: true, autocomplete: 'off', value: a?.what ?? '' });
  const responsible = h('input', { id: respId, type: 'text', autocomplete: 'off', value: a?.responsible ?? '' });
  const due = h('input', { id: dueId, type: 'date', value: a?.due ?? '' });
  const cancelButton = cancel ? h('button', { type: 'button', class: 'secondary' }, t('cancel')) : null;
  cancelButton?.addEventListener('click', () => cancel?.());
  const form = h(
    'form',
    { class: 'action-form' },
    h('div', { class: 'field field-wide' }, h('label', { for: whatId }, t('actionWhat')), what),
    h('div', { class: 'field' }, h('label', { for: respId }, t('responsible')), responsible),
    h('div', { class: 'field' }, h('label', { for: dueId }, t('actionDue')), due),
    h('button', { type: 'submit' }, t('saveAction')),
    cancelButton,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!what.value.trim()) return;
    await save({ what: what.value.trim(), responsible: responsible.value.trim(), due: due.value });
  });
  return form;
}
