// A page that could not be shown: an unknown indicator or unit in the address, a
// period outside the years served, or any other refusal of the server. Instead of a
// bare message the reader gets the page's heading, what went wrong in the server's
// words, what to do about it, and the page's pickers (period, unit, indicator), so
// that choosing again is one step and nobody has to edit the address.
import type { Indicator, UnitsResponse } from '../api';
import { ApiError, get } from '../api';
import type { Context } from '../context';
import { periodEndDate } from '../format';
import { t } from '../i18n';
import { indicatorToolbar, toolbar } from '../toolbar';
import { errorBox, h } from '../ui';

// The pages with the period and unit pickers; the indicator page has its own too.
const scoped = ['oversikt', 'indikator', 'enhet', 'malstyrning', 'namndsdialog'];

// What to do about the error, in the reader's language.
function advice(e: unknown, page: string, ctx: Context): string {
  const code = e instanceof ApiError ? e.code : '';
  if (code === 'unknown_indicator') return t('adviceIndicator');
  if (code === 'unknown_unit') return t('adviceUnit');
  if (code === 'year_outside' || code === 'bad_period') {
    return t('advicePeriod').replace('{from}', String(ctx.info.first_year)).replace('{to}', String(ctx.info.last_year));
  }
  return scoped.includes(page) ? t('adviceScope') : t('adviceRetry');
}

// The organisation for the unit picker: as it was at the period's end, else (a period
// outside the years served has no units) as it is now.
async function unitsFor(period: string): Promise<UnitsResponse> {
  const at = await get<UnitsResponse>('units', { date: periodEndDate(period) }).catch(() => null);
  return at && at.units.length > 0 ? at : get<UnitsResponse>('units');
}

// Fills ctx.main with the error page of `page` (its title `title`); `home` is the
// overview of the latest period, a way out that always works.
export async function renderError(ctx: Context, page: string, title: string, e: unknown, home: string): Promise<void> {
  const pickers: HTMLElement[] = [];
  if (scoped.includes(page)) {
    if (page === 'indikator') {
      const catalogue = await get<{ indicators: Indicator[] }>('catalogue').catch(() => null);
      if (catalogue) pickers.push(indicatorToolbar(ctx, catalogue.indicators, ctx.id ?? ''));
    }
    const units = await unitsFor(ctx.scope.period).catch(() => null);
    if (units) {
      // The unit page shows the unit of its address: a unit chosen goes there.
      const pageCtx = page === 'enhet' ? { ...ctx, go: (_p: string, s: Partial<Context['scope']>) => ctx.go('enhet', s, s.unit ?? ctx.id) } : ctx;
      pickers.push(toolbar(pageCtx, units, page));
    }
  }
  ctx.main.replaceChildren(
    h('h1', null, t('pageFailed').replace('{page}', title)),
    errorBox(e),
    h('p', { class: 'error-advice' }, advice(e, page, ctx), ' ', h('a', { href: home }, t('adviceHome')), '.'),
    ...pickers,
  );
}
