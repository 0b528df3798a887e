// An indicator over every plan year served (issue 15, GET /api/trend): every month of
// those years as a line, each year's target as a step line (it changes at New Year),
// and a small table of the same period each year with its outcome, target and status.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Trend } from './api';
import { ApiError, get, isSessionLost } from './api';
import { describePeriod, formatValue, indicatorDecimals, statusBadge } from './format';
import { t } from './i18n';
import { errorBox, h, targetInfo, uid } from './ui';
import './follow.css';

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

export function trendSection(indicator: string, unit: string, period: string): HTMLElement {
  const headingId = uid('trend-heading');
  const body = h('div', { class: 'trend-body' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  const section = h('section', { class: 'trend-years', 'aria-labelledby': headingId }, h('h2', { id: headingId }, t('trendYears')), body);
  get<Trend>('trend', { indicator, unit, period })
    .then((tr) => body.replaceChildren(trendChart(tr), yearsTable(tr)))
    .catch((e) => {
      if (isSessionLost(e)) return;
      body.replaceChildren(e instanceof ApiError && e.status === 404 ? h('p', { class: 'muted' }, e.message) : errorBox(e));
    });
  return section;
}

function trendChart(tr: Trend): HTMLElement {
  const ind = tr.indicator;
  const months = tr.months;
  const figure = h('figure', { class: 'chart trend-chart' });
  const captionId = uid('trend-caption');
  const from = months[0]?.month.slice(0, 4) ?? '';
  const to = months[months.length - 1]?.month.slice(0, 4) ?? '';
  figure.append(h('figcaption', { id: captionId }, `${fill(t('trendCaption'), { from, to })} (${tr.unit.name})`));
  const holder = h('div', { class: 'chart-canvas', role: 'img', 'aria-labelledby': captionId });
  figure.append(holder);
  const xs = months.map((_, i) => i);
  const decimals = indicatorDecimals(ind.display, ind.decimals);
  const fmt = (_u: uPlot, v: number | null) => formatValue(v, ind.display, decimals);
  const names = t('monthsShort');
  const label = (i: number) => {
    const m = months[i]?.month;
    return m ? `${names[Number(m.slice(5)) - 1]} ${m.slice(0, 4)}` : '';
  };
  const opts: uPlot.Options = {
    width: 720,
    height: 280,
    scales: { x: { time: false, range: [-0.5, Math.max(0, months.length - 0.5)] } },
    axes: [
      {
        // A tick at each January (named by its year) and, where there is room, each July.
        splits: () => xs.filter((i) => months[i].month.endsWith('-01') || months[i].month.endsWith('-07')),
        values: (u, splits) => splits.map((s) => (months[s]?.month.endsWith('-01') ? months[s].month.slice(0, 4) : u.width < 520 ? '' : names[6])),
        stroke: '#333',
      },
      { values: (_u, splits) => splits.map((s) => formatValue(s, ind.display, decimals)), size: 70, stroke: '#333' },
    ],
    series: [
      { label: t('month'), value: (_u, v) => (v == null ? '' : label(v)) },
      { label: t('outcome'), stroke: '#1f4e79', width: 2, points: { show: true, size: 4 }, value: fmt },
      { label: t('target'), stroke: '#8a1c1c', width: 1.5, dash: [6, 4], points: { show: false }, paths: uPlot.paths.stepped!({ align: 1 }), value: fmt },
    ],
  };
  const data = [xs, months.map((m) => m.value), months.map((m) => m.target)] as uPlot.AlignedData;
  requestAnimationFrame(() => {
    const fit = () => Math.max(260, Math.min(900, holder.clientWidth || 720));
    const plot = new uPlot({ ...opts, width: fit() }, data, holder);
    new ResizeObserver(() => {
      if (fit() !== plot.width) plot.setSize({ width: fit(), height: opts.height });
    }).observe(holder);
  });
  return figure;
}

function yearsTable(tr: Trend): HTMLElement {
  const ind = tr.indicator;
  const headingId = uid('trend-years');
  return h(
    'div',
    { class: 'trend-years-table' },
    h('h3', { id: headingId }, `${t('samePeriodEachYear')}: ${describePeriod(tr.period).replace(/\s*\d{4}$/, '')}`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table', 'aria-labelledby': headingId },
        h('thead', null, h('tr', null, ...[t('year'), t('period'), t('outcome'), t('target'), t('status')].map((c, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : null }, c)))),
        h(
          'tbody',
          null,
          ...tr.years.map((y) =>
            h(
              'tr',
              { 'data-year': y.year },
              h('th', { scope: 'row' }, String(y.year)),
              h('td', null, y.period),
              h('td', { class: 'num', 'data-col': 'value' }, formatValue(y.value, ind.display, y.decimals)),
              h('td', { class: 'target-cell' }, targetInfo(y)),
              h('td', { 'data-col': 'status', 'data-status': y.status }, statusBadge(y.status)),
            ),
          ),
        ),
      ),
    ),
  );
}
