// A goal's or an assignment's assessment on Målstyrning (issue 15): beside the status
// computed from the indicators, the status a controller or unit manager sets by hand
// ("Bedömd: Nära"), who answers for it, why, and by whom and when; a form for those
// who may write for the unit, and the versions under "Historik". The server has the
// last word: a status other than the computed one without a justification is refused
// (400 justification_required), and its message is shown in the form.
import type { AssessedStatus, Assessment, GoalStatus } from './api';
import { ApiError, get, isSessionLost, postAssessment } from './api';
import { statusBadge, statusText } from './format';
import { refreshHistory, historyDisclosure } from './history';
import { t } from './i18n';
import { errorBox, h, uid } from './ui';
import './follow.css';

const choices: AssessedStatus[] = ['met', 'near', 'not_met'];

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

// The assessment as read: the badge, then responsible, justification and by whom.
function assessmentView(a: Assessment): HTMLElement[] {
  return [
    h('span', { class: 'assessed-badge', 'data-assessed': a.status }, statusBadge(a.status, `${t('assessedAs')} ${a.status_text}`)),
    h(
      'span',
      { class: 'assessment-facts small' },
      a.responsible ? h('span', { class: 'assessment-responsible' }, `${t('responsible')}: ${a.responsible}`) : null,
      a.justification ? h('q', { class: 'assessment-justification' }, a.justification) : null,
      h('span', { class: 'muted assessment-by' }, fill(t('assessedByAt'), { by: a.author, at: a.updated_at })),
    ),
  ];
}

function versionView(a: Assessment): HTMLElement {
  return h(
    'div',
    { class: 'version', 'data-version': a.version },
    h('strong', null, `${fill(t('versionN'), { n: a.version })}: `),
    statusBadge(a.status, a.status_text),
    ` (${fill(t('computedThen'), { status: a.computed_status_text })})`,
    a.responsible ? ` · ${t('responsible')}: ${a.responsible}` : '',
    a.justification ? ` · ${a.justification}` : '',
    h('span', { class: 'muted' }, ` · ${fill(t('assessedByAt'), { by: a.author, at: a.updated_at })}`),
  );
}

// The box of one goal or assignment for the unit and period; `current` is its newest
// assessment (from GET /api/assessments), `computed` its computed status; `onSaved` hears
// of every assessment saved.
export function assessmentBox(goalId: string, unit: string, period: string, computed: GoalStatus | undefined, current: Assessment | undefined, mayWrite: boolean,
  onSaved: (a: Assessment) => void = () => {}): HTMLElement {
  const box = h('div', { class: 'assessment', 'data-assessment': goalId });
  const view = h('div', { class: 'assessment-view' });
  const history = historyDisclosure(
    async () => (await get<{ versions: Assessment[] }>('assessments/history', { goal_id: goalId, unit, period })).versions,
    versionView,
  );
  const show = (a: Assessment | undefined) => {
    view.replaceChildren(...(a ? assessmentView(a) : []));
    view.hidden = !a;
    history.hidden = !a;
  };
  show(current);
  box.append(view);
  if (mayWrite) box.append(assessmentForm(goalId, unit, period, computed, current, (a) => {
    show(a);
    refreshHistory(history);
    onSaved(a);
  }));
  box.append(history);
  return box;
}

// The form under "Bedöm": status, responsible, justification (required when the status
// chosen differs from the computed one: the label says so as the choice changes).
function assessmentForm(goalId: string, unit: string, period: string, computed: GoalStatus | undefined, current: Assessment | undefined,
  saved: (a: Assessment) => void): HTMLElement {
  const statusId = uid('assess-status');
  const respId = uid('assess-responsible');
  const whyId = uid('assess-justification');
  const helpId = uid('assess-help');
  const initial: AssessedStatus = current?.status ?? (computed && computed.status !== 'no_data' ? computed.status : 'met');
  const status = h('select', { id: statusId }, ...choices.map((c) => h('option', { value: c, selected: c === initial }, statusText(c))));
  const responsible = h('input', { id: respId, type: 'text', autocomplete: 'off', value: current?.responsible ?? '' });
  const why = h('textarea', { id: whyId, rows: 3, 'aria-describedby': helpId });
  why.value = current?.justification ?? '';
  const mark = h('span', { class: 'required-mark' });
  const computedText = computed?.status_text ?? statusText('no_data');
  const help = h('p', { id: helpId, class: 'muted small' }, fill(t('justificationHelp'), { status: computedText }));
  const note = h('div', { class: 'form-status', role: 'status' });
  // Required (and said so) when the choice differs from the computed status; the
  // browser does not stop the form, so that the server's own message can be shown.
  const differs = () => status.value !== computed?.status;
  const mark_ = () => {
    mark.textContent = differs() ? ` ${t('requiredMark')}` : '';
    if (differs()) why.setAttribute('aria-required', 'true');
    else why.removeAttribute('aria-required');
  };
  status.addEventListener('change', mark_);
  mark_();
  const form = h(
    'form',
    { class: 'assessment-form' },
    h('div', { class: 'field' }, h('label', { for: statusId }, t('assessStatus')), status),
    h('div', { class: 'field' }, h('label', { for: respId }, t('responsible')), responsible),
    h('div', { class: 'field field-wide' }, h('label', { for: whyId }, t('justification'), mark), why, help),
    h('button', { type: 'submit' }, t('saveAssessment')),
    note,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    note.replaceChildren();
    why.removeAttribute('aria-invalid');
    try {
      const a = await postAssessment({ goal_id: goalId, unit, period, status: status.value as AssessedStatus, justification: why.value.trim(), responsible: responsible.value.trim() });
      note.textContent = t('saved');
      saved(a);
    } catch (err) {
      if (isSessionLost(err)) return;
      note.replaceChildren(errorBox(err));
      if (err instanceof ApiError && err.code === 'justification_required') {
        why.setAttribute('aria-invalid', 'true');
        why.focus();
      }
    }
  });
  return h('details', { class: 'assess-disclosure' }, h('summary', null, t('assess')), form);
}
