// Översikt: the plan year's scorecard by perspective for one unit and period, after a
// summary: per perspective how many indicators are met, near, not met or without a
// status, and the indicators whose status changed since the period before.
import type { Indicator, ScoreRow, Scorecard, StatusCode, UnitsResponse } from '../api';
import { get } from '../api';
import type { Context } from '../context';
import { downloadButtons, scorecardCsv } from '../download';
import { describePeriod, parsePeriod, periodEndDate, previousPeriod, statusBadge, statusText } from '../format';
import { t, tr } from '../i18n';
import { toolbar } from '../toolbar';
import { h, hrefFor, scopeHeading, scorecardTables, type Scope } from '../ui';

export async function renderOverview(ctx: Context): Promise<void> {
  const { period, unit } = ctx.scope;
  const [card, units, catalogue] = await Promise.all([
    get<Scorecard>('scorecard', { period, unit }),
    get<UnitsResponse>('units', { date: periodEndDate(period) }),
    get<{ indicators: Indicator[] }>('catalogue'),
  ]);
  const rates = new Set(catalogue.indicators.filter((i) => i.measure === 'rate').map((i) => i.id));
  // The period before, when it lies in the years served (else no changes are told).
  const before = previousPeriod(card.period);
  const beforeYear = before ? parsePeriod(before)?.year ?? 0 : 0;
  const previous = before && beforeYear >= ctx.info.first_year ? await get<Scorecard>('scorecard', { period: before, unit }).catch(() => null) : null;
  ctx.main.replaceChildren(
    scopeHeading(t('overview'), card.unit.name, card.period),
    h('p', { class: 'lead' }, `${t('scorecardFor')} ${t('planYear')} ${card.year}.`),
    toolbar(ctx, units, 'oversikt'),
    h(
      'div',
      { class: 'table-actions' },
      downloadButtons(
        t('scorecardFor'),
        () => ['oversikt', card.unit.id, card.period],
        () => scorecardCsv(card.rows, ctx.info.perspectives),
      ),
    ),
    summary(card, previous, ctx.info.perspectives, ctx.scope),
    scorecardTables(card.rows, ctx.info.perspectives, ctx.scope, rates),
  );
}

// The statuses counted, each its own column; the rest (no data, too few, no target)
// together as "utan status".
const counted: StatusCode[] = ['met', 'near', 'not_met'];

// Per perspective the indicators met, near, not met and without a status; then those
// whose status changed since `previous` (null: no period before to compare with).
function summary(card: Scorecard, previous: Scorecard | null, perspectives: string[], scope: Scope): HTMLElement {
  const headingId = 'summary-heading';
  const count = (rows: ScoreRow[], st: StatusCode | null) =>
    rows.filter((r) => (st === null ? !counted.includes(r.status) : r.status === st)).length;
  const rowsOf = perspectives.map((p) => [p, card.rows.filter((r) => r.perspective === p)] as const).filter(([, rows]) => rows.length > 0);
  const table = h(
    'table',
    { class: 'data-table summary-table', 'aria-labelledby': headingId },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, t('csvPerspective')),
        ...counted.map((st) => h('th', { scope: 'col', class: 'num' }, statusBadge(st))),
        h('th', { scope: 'col', class: 'num' }, t('noStatus')),
      ),
    ),
    h(
      'tbody',
      null,
      ...rowsOf.map(([p, rows]) =>
        h(
          'tr',
          { 'data-perspective': p },
          h('th', { scope: 'row' }, tr(`perspective_${p}`)),
          ...counted.map((st) => h('td', { class: 'num', 'data-count': st }, String(count(rows, st)))),
          h('td', { class: 'num', 'data-count': 'other' }, String(count(rows, null))),
        ),
      ),
    ),
  );
  const section = h('section', { class: 'overview-summary', 'aria-labelledby': headingId }, h('h2', { id: headingId }, t('summary')), h('div', { class: 'table-wrap' }, table));
  if (!previous) {
    section.append(h('p', { class: 'muted changed-none' }, t('noPreviousPeriod')));
    return section;
  }
  const was = new Map(previous.rows.map((r) => [r.indicator, r]));
  const changed = card.rows.filter((r) => was.has(r.indicator) && was.get(r.indicator)!.status !== r.status);
  section.append(h('h3', null, t('statusChangedSince').replace('{period}', describePeriod(previous.period))));
  section.append(
    changed.length === 0
      ? h('p', { class: 'muted changed-none' }, t('noneChanged'))
      : h(
          'ul',
          { class: 'changed-status' },
          ...changed.map((r) =>
            h(
              'li',
              { 'data-indicator': r.indicator, 'data-was': was.get(r.indicator)!.status, 'data-now': r.status },
              h('a', { href: hrefFor('indikator', scope, r.indicator) }, r.name),
              ': ',
              statusBadge(was.get(r.indicator)!.status),
              h('span', { 'aria-hidden': 'true' }, ' → '),
              h('span', { class: 'sr-only' }, ` ${t('to')} `),
              statusBadge(r.status),
              h('span', { class: 'sr-only' }, ` (${statusText(was.get(r.indicator)!.status)} ${t('to')} ${statusText(r.status)})`),
            ),
          ),
        ),
  );
  return section;
}
