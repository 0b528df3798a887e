// Browser checks of issue 15 ("Everyone" and "any screen"), called from browser.mjs's
// main() with the page (signed in as the controller), the server's base URL and the
// test's helpers in one object:
//   { check, go, ready, noReady, axe, shot, api, fitsWidth, norm }
// Each function drives the pages the way a reader would (the keyboard where that is
// the point) and compares what is shown with the API.

const focusKeyOf = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-focus-key') ?? document.activeElement?.tagName ?? null);
const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// 1. The pickers by keyboard: an arrow key in a select changes nothing until the choice
// is committed (Enter, or the "Visa" button); after the page is drawn anew the focus is
// back on the control used. The unit tree's Enter leaves the focus on its button.
export async function keyboardPickers(page, base, { check, go, ready, noReady }) {
  await go(page, base, '#/oversikt?period=2024-T3&unit=vch');
  const start = hashOf(page);
  const kind = page.locator('.period-picker select[data-focus-key=period-kind]');
  await kind.focus();
  await page.keyboard.press('ArrowDown');
  await pause(400);
  const moved = await kind.inputValue();
  check(hashOf(page) === start && moved !== 'tertial' && (await focusKeyOf(page)) === 'period-kind',
    `ArrowDown on the period type changes the select (${moved}) but not the URL (${hashOf(page)}), the focus stays on it`);
  await noReady(page);
  await page.keyboard.press('Enter');
  await ready(page);
  const afterEnter = hashOf(page);
  check(afterEnter !== start && /period=2024-(Q|\d{2}|YTD)/.test(afterEnter) && (await focusKeyOf(page)) === 'period-kind',
    `Enter in the period type commits the choice (${afterEnter}) and the focus is back on the period type (${await focusKeyOf(page)})`);

  // The year with the arrow keys, then the "Visa" button by Tab and Enter.
  const year = page.locator('.period-picker select[data-focus-key=period-year]');
  await year.focus();
  await page.keyboard.press('ArrowDown');
  await pause(300);
  check(hashOf(page) === afterEnter, `ArrowDown on the year does not change the URL (${hashOf(page)})`);
  await page.locator('.period-picker .apply-choice').focus();
  await noReady(page);
  await page.keyboard.press('Enter');
  await ready(page);
  check(/period=2023/.test(hashOf(page)) && (await focusKeyOf(page)) === 'period-apply',
    `the "Visa" button shows the year chosen (${hashOf(page)}) and keeps the focus (${await focusKeyOf(page)})`);

  // The unit tree: Enter opens it, typing filters, Down reaches a match, Enter chooses.
  await go(page, base, '#/oversikt?period=2024-T3&unit=vch');
  await page.focus('.unit-trigger');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Varberg');
  await page.keyboard.press('ArrowDown');
  await noReady(page);
  await page.keyboard.press('Enter');
  await ready(page);
  check(/unit=vc_varberg/.test(hashOf(page)) && (await focusKeyOf(page)) === 'unit-trigger',
    `a unit chosen with Enter in the tree is shown (${hashOf(page)}) and the focus is on the unit button (${await focusKeyOf(page)})`);

  // The indicator picker: the same rule.
  await go(page, base, '#/indikator/visits_total?period=2024-T3&unit=vch');
  const indStart = hashOf(page);
  const pick = page.locator('select[data-focus-key=indicator-pick]');
  await pick.focus();
  await page.keyboard.press('ArrowDown');
  await pause(400);
  const indMoved = await pick.inputValue();
  check(hashOf(page) === indStart && indMoved !== 'visits_total',
    `ArrowDown on the indicator picker changes the select (${indMoved}) but not the URL`);
  await noReady(page);
  await page.keyboard.press('Enter');
  await ready(page);
  check(hashOf(page).startsWith(`#/indikator/${indMoved}?`) && (await focusKeyOf(page)) === 'indicator-pick',
    `Enter shows the indicator chosen (${hashOf(page)}) with the focus on its picker (${await focusKeyOf(page)})`);
}

// 2. A page that cannot be shown keeps the menu and its pickers, is headed, and says
// what to do (in Swedish and in English); choosing again with the pickers leads on.
export async function errorPages(page, base, { check, go, ready, noReady, axe, shot, api, norm }) {
  const info = await api(base, 'info');
  const cases = [
    { hash: '#/indikator/xyz?period=2024-T1&unit=nsh', heading: 'Indikator kunde inte visas', code: 'unknown_indicator', pickers: ['select[data-focus-key=indicator-pick]', '.period-picker', '.unit-trigger'], advice: 'Indikatorn i adressen finns inte. Välj en indikator' },
    { hash: '#/oversikt?period=1999&unit=nsh', heading: 'Översikt kunde inte visas', code: 'year_outside', pickers: ['.period-picker', '.unit-trigger'], advice: `Välj en period mellan ${info.first_year} och ${info.last_year}` },
    { hash: '#/oversikt?period=2024-T1&unit=xyz', heading: 'Översikt kunde inte visas', code: 'unknown_unit', pickers: ['.period-picker', '.unit-trigger'], advice: 'Enheten i adressen finns inte. Välj en enhet' },
    { hash: '#/enhet/xyz?period=2024-T1', heading: 'Enhet kunde inte visas', code: 'unknown_unit', pickers: ['.period-picker', '.unit-trigger'], advice: 'Enheten i adressen finns inte. Välj en enhet' },
    { hash: '#/malstyrning?period=1999&unit=nsh', heading: 'Målstyrning kunde inte visas', code: 'year_outside', pickers: ['.period-picker', '.unit-trigger'], advice: 'Välj en period' },
  ];
  for (const c of cases) {
    await go(page, base, c.hash);
    const h1 = norm(await page.locator('#main h1').textContent().catch(() => ''));
    const alert = norm(await page.locator('#main .error[role=alert]').textContent().catch(() => ''));
    const advice = norm(await page.locator('#main .error-advice').textContent().catch(() => ''));
    const missing = [];
    for (const p of c.pickers) if ((await page.locator(`#main ${p}`).count()) === 0) missing.push(p);
    check(h1 === c.heading && alert.length > 20 && advice.startsWith(c.advice) && missing.length === 0 && (await page.locator('#site-nav a').count()) >= 6,
      `${c.hash}: headed "${h1}", the server's message (${alert}), what to do (${advice}), the menu and the pickers${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
  }
  // The way out: the period picker of the page for 1999 leads to a year served.
  await go(page, base, '#/oversikt?period=1999&unit=nsh');
  await axe(page, 'Översikt kunde inte visas');
  await shot(page, '30-fel-period');
  await page.selectOption('.period-picker select[data-focus-key=period-kind]', 'tertial');
  await page.selectOption('.period-picker select[data-focus-key=period-year]', String(info.last_year));
  await noReady(page);
  await page.click('.period-picker .apply-choice');
  await ready(page);
  check((await page.locator('table.score-table').count()) > 0 && /period=\d{4}-T\d/.test(page.url()),
    `from the error page the period picker leads to the overview (${decodeURIComponent(new URL(page.url()).hash)})`);
  await go(page, base, '#/indikator/xyz?period=2024-T1&unit=nsh');
  await axe(page, 'Indikator kunde inte visas');
  await shot(page, '30-fel-indikator');
  await page.selectOption('select[data-focus-key=indicator-pick]', 'visits_total');
  await noReady(page);
  await page.click('form:has(select[data-focus-key=indicator-pick]) .apply-choice');
  await ready(page);
  check((await page.locator('.summary').count()) === 1 && page.url().includes('/indikator/visits_total'),
    'from the error page the indicator picker leads to the indicator');
  // In English.
  await go(page, base, '#/indikator/xyz?period=2024-T1&unit=nsh');
  await noReady(page);
  await page.click('#lang-switch');
  await ready(page);
  const enH1 = norm(await page.locator('#main h1').textContent());
  const enAdvice = norm(await page.locator('#main .error-advice').textContent());
  check(enH1 === 'Indicator could not be shown' && enAdvice.startsWith('The indicator in the address does not exist. Choose an indicator below'),
    `the error page in English: "${enH1}", "${enAdvice}"`);
  await noReady(page);
  await page.click('#lang-switch');
  await ready(page);
}

// 3. The language is part of the address: a link with lang=en opens in English in a
// page whose remembered language is Swedish, the links of the page carry it on, and the
// language switch changes it in the address (the rest of the address kept).
export async function languageInUrl(page, base, { check, ready, noReady, norm }) {
  await page.evaluate(() => localStorage.setItem('nara.lang', 'sv'));
  const fresh = await page.context().newPage();
  try {
    const link = '#/indikator/visits_total?period=2024-T3&unit=vch&lang=en';
    await fresh.goto(`${base}/${link}`);
    await ready(fresh);
    const h1 = norm(await fresh.locator('#main h1').textContent());
    const navHrefs = await fresh.locator('#site-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check((await fresh.getAttribute('html', 'lang')) === 'en' && (await fresh.locator('#site-nav').textContent()).includes('Overview') &&
      navHrefs.length > 0 && navHrefs.every((href) => href.includes('lang=en')),
      `a link with lang=en opens in English in a fresh page though Swedish is remembered (${h1}; menu links carry lang=en)`);
    await noReady(fresh);
    await fresh.click('#lang-switch');
    await ready(fresh);
    const hash = decodeURIComponent(new URL(fresh.url()).hash);
    check(hash === '#/indikator/visits_total?period=2024-T3&unit=vch&lang=sv' && (await fresh.getAttribute('html', 'lang')) === 'sv',
      `the language switch sets lang=sv in the address and keeps the rest (${hash})`);
    check(await fresh.evaluate(() => document.activeElement?.id === 'lang-switch'), 'the focus stays on the language switch');
    await fresh.reload();
    await ready(fresh);
    check((await fresh.locator('#site-nav').textContent()).includes('Översikt'), 'after a reload the address keeps the page in Swedish');
  } finally {
    await fresh.close();
  }
}

// 4. The footer names the data version and when the latest batch in the results was
// imported (GET /api/batches), not where the server keeps its data.
export async function footer(page, base, { check, go, api, norm }) {
  await go(page, base, '#/oversikt?period=2024-T3&unit=vch&lang=sv');
  const info = await api(base, 'info');
  const { batches } = await api(base, 'batches');
  const latest = batches.filter((b) => (b.state ?? 'active') === 'active').map((b) => b.loaded_at).sort().pop();
  const text = norm(await page.locator('#site-footer').textContent());
  check(text.includes(`dataversion ${info.data_version}`) && text.includes(`senaste import ${latest}`) && !/\.db\b|database|Källa|\//.test(text) && !text.includes(info.source),
    `the footer names the data version and the latest import, no path (${text})`);
}

// 5. An upload whose file name does not tell the table (extract.csv): refused with the
// table left to the name, accepted as the table chosen in the form (its `table` field).
export async function uploadTable(page, base, { check, go, axe, shot, norm }) {
  const fs = await import('node:fs');
  const csv = fs.readFileSync(new URL('../../../data/example/record_reviews.csv', import.meta.url));
  await go(page, base, '#/import?lang=sv');
  const options = await page.locator('.upload-form select[name=table] option').allTextContents();
  check(options[0] === 'Från filnamnet' && options.includes('phone_calls') && options.includes('record_reviews') && options.includes('clinical_time') && options.length === 21,
    `the upload form offers the contract's 20 tables (v1.1) after "Från filnamnet" (${options.length} options)`);
  await page.setInputFiles('input[type=file]', { name: 'extract.csv', mimeType: 'text/csv', buffer: csv });
  await page.click('.upload-form button[type=submit]');
  await page.waitForSelector('.upload-result .error');
  const refused = norm(await page.locator('.upload-result .error').textContent());
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
  check(refused === 'Namnet extract.csv säger inte vilken tabell filen är. Välj tabellen under Tabell och ladda upp igen.' && focused === 'table',
    `extract.csv with the table left to its name: the page says, in Swedish, to choose the table, and the focus is on it (${refused})`);
  await page.selectOption('.upload-form select[name=table]', 'record_reviews');
  await page.setInputFiles('input[type=file]', { name: 'extract.csv', mimeType: 'text/csv', buffer: csv });
  await page.click('.upload-form button[type=submit]');
  await page.waitForSelector('.upload-result .success');
  const said = norm(await page.locator('.upload-result .success').textContent());
  // The same rows as the seeded record_reviews.csv: the server knows them (already
  // stored), and names the table it read extract.csv as, which only the form's
  // `table` field tells it.
  check(said.includes('extract.csv → record_reviews'), `extract.csv is read as the table chosen ("${said}")`);
  await axe(page, 'Dataimport (tabell vald)');
  await shot(page, '31-dataimport-tabell');
}

// 6. Every page at 360, 390, 1440 and 1920 px: nothing sideways (the document no wider
// than the window), each table either laid out to fit (the scorecard's rows become
// blocks) or scrolling inside its own region (role=region with a name, and tabindex=0
// while it scrolls, so that the keyboard can scroll it), each chart within its box,
// the scorecard's figures not over one another; axe at 390 and 1440 px.
export const screenWidths = [360, 390, 1440, 1920];

export const screenPages = [
  { name: 'overview', hash: '#/oversikt?period=2024-T3&unit=vch&lang=sv' },
  { name: 'indicator', hash: '#/indikator/visits_total?period=2024-T3&unit=vch&lang=sv' },
  { name: 'unit', hash: '#/enhet/nsh?period=2024-T1&unit=nsh&lang=sv' },
  { name: 'goals', hash: '#/malstyrning?period=2024-T1&unit=nsh&lang=sv' },
  { name: 'import', hash: '#/import?lang=sv' },
  { name: 'report', hash: '#/namndsdialog?period=2024-T1&unit=nsh&lang=sv' },
  { name: 'audit', hash: '#/logg?lang=sv', as: 'admin' },
  { name: 'sign-in', hash: '#/logga-in?lang=sv', as: 'nobody' },
];

// What does not fit on the page as it is now drawn: tables that scroll without being a
// named, focusable region; charts wider than their box; scorecard figures overlapping.
async function layoutFaults(page) {
  return page.evaluate(() => {
    const faults = [];
    for (const table of document.querySelectorAll('#main table')) {
      if (!table.offsetParent) continue;
      const wrap = table.closest('.table-wrap');
      const box = wrap ?? table.parentElement;
      const scrolls = wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
      if (!scrolls) continue;
      const named = wrap && (wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby'));
      if (!wrap || wrap.getAttribute('role') !== 'region' || wrap.tabIndex !== 0 || !named) faults.push(`table.${table.className.replace(/ /g, '.')} scrolls outside a named focusable region`);
    }
    for (const chart of document.querySelectorAll('#main .chart-canvas')) {
      const plot = chart.querySelector('.uplot');
      if (plot && plot.getBoundingClientRect().width > chart.clientWidth + 1) faults.push(`chart ${Math.round(plot.getBoundingClientRect().width)} px in a box of ${chart.clientWidth}`);
    }
    const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    for (const tr of document.querySelectorAll('#main .score-table tbody tr')) {
      const parts = ['.target-text', '[data-col=value]', '.status', '[data-col=previous]', '.sparkline']
        .map((sel) => tr.querySelector(sel)).filter((e) => e && e.getClientRects().length > 0);
      for (let i = 0; i < parts.length; ++i) {
        for (let j = i + 1; j < parts.length; ++j) {
          if (overlap(parts[i].getBoundingClientRect(), parts[j].getBoundingClientRect())) faults.push(`${tr.dataset.indicator}: ${parts[i].className || parts[i].dataset.col} over ${parts[j].className || parts[j].dataset.col}`);
        }
      }
    }
    return faults;
  });
}

// `users.admin` signs in for the log, in a context of its own (as the sign-in page's
// signed-out reader). `screens`: a folder for a viewport-high PNG of each page at 390
// and 1440 px (docs/screens), or null.
export async function anyScreen(page, base, { check, go, axe, shot, fitsWidth, users }, screens = null) {
  if (screens) (await import('node:fs')).mkdirSync(screens, { recursive: true });
  const browser = page.context().browser();
  const others = {};
  const pageFor = async (as) => {
    if (!as) return page;
    if (!others[as]) {
      const context = await browser.newContext({ locale: 'sv-SE' });
      if (as === 'admin') {
        const r = await context.request.post(`${base}/api/login`, { data: { name: users.admin.name, password: users.admin.password } });
        if (r.status() !== 200) throw new Error(`admin sign-in: ${r.status()}`);
      }
      others[as] = await context.newPage();
    }
    return others[as];
  };
  try {
    for (const p of screenPages) {
      const on = await pageFor(p.as);
      for (const width of screenWidths) {
        await on.setViewportSize({ width, height: 900 });
        await go(on, base, p.hash);
        await on.waitForTimeout(100); // a chart is drawn in the frame after the page
        await fitsWidth(on, width, `${p.name} page`);
        const faults = await layoutFaults(on);
        check(faults.length === 0, `${p.name} page at ${width} px: tables scroll in named focusable regions, charts fit, figures apart${faults.length ? ` (${faults.slice(0, 4).join('; ')}${faults.length > 4 ? ` … ${faults.length} in all` : ''})` : ''}`);
        if (width === 390 || width === 1440) {
          await axe(on, `${p.name} (${width} px)`);
          if (screens) await on.screenshot({ path: `${screens}/${p.name}-${width}.png` });
        }
        await shot(on, `40-${p.name}-${width}`);
      }
    }
  } finally {
    for (const other of Object.values(others)) await other.context().close();
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

// 7. The overview's trends: a rate's target is a dashed line on the trend's own scale
// (its height where the months' values and the target span the box), a count's trend
// says it has no target line; a note above the tables says which is which.
export async function sparkTargets(page, base, { check, go, api, norm }) {
  await go(page, base, '#/oversikt?period=2024-T3&unit=vch&lang=sv');
  const card = await api(base, 'scorecard?period=2024-T3&unit=vch');
  const { indicators } = await api(base, 'catalogue');
  const rate = new Set(indicators.filter((i) => i.measure === 'rate').map((i) => i.id));
  let lines = 0;
  let without = 0;
  const wrong = [];
  for (const r of card.rows) {
    const vals = r.sparkline.filter((v) => v !== null);
    if (vals.length === 0) continue;
    // Read at once (a locator would wait for a line that is rightly not there).
    const { label, y1 } = await page.evaluate((id) => {
      const svg = document.querySelector(`tr[data-indicator="${id}"] svg.sparkline`);
      return { label: svg?.getAttribute('aria-label') ?? '', y1: svg?.querySelector('.spark-target')?.getAttribute('y1') ?? null };
    }, r.indicator);
    if (rate.has(r.indicator) && r.target !== null) {
      const lo = Math.min(...vals, r.target);
      const span = Math.max(...vals, r.target) - lo || 1;
      const want = (24 - 3 - ((r.target - lo) / span) * 18).toFixed(1);
      if (y1 === want && label.includes('; mål ')) lines++;
      else wrong.push(`${r.indicator}: line at ${y1}, want ${want}`);
    } else if (y1 === null && label.endsWith('utan mållinje')) {
      without++;
    } else {
      wrong.push(`${r.indicator}: ${label}`);
    }
  }
  const note = norm(await page.locator('.spark-note').textContent());
  check(wrong.length === 0 && lines > 0 && without > 0 && note.includes('streckade linjen är målet'),
    `trends: ${lines} rates with the target on their scale, ${without} without a target line and saying so; the note: "${note.slice(0, 60)}…"${wrong.length ? ` (${wrong.slice(0, 3).join('; ')})` : ''}`);
}

// 8. The overview opens with a summary: per perspective the indicators met, near, not
// met and without a status, as /api/scorecard counts them, and the indicators whose
// status changed since the period before (2024-T1 against 2023-T3), linked.
export async function summaryFirst(page, base, { check, go, api, norm }) {
  for (const [period, before, words] of [['2024-T3', '2024-T2', 'tertial 2 2024'], ['2024-T1', '2023-T3', 'tertial 3 2023'], ['2024-03', '2024-02', 'februari 2024']]) {
    await go(page, base, `#/oversikt?period=${period}&unit=vch&lang=sv`);
    const card = await api(base, `scorecard?period=${period}&unit=vch`);
    const prev = await api(base, `scorecard?period=${before}&unit=vch`);
    const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.summary-table tbody tr')].map((tr) =>
      [tr.dataset.perspective, Object.fromEntries([...tr.querySelectorAll('[data-count]')].map((td) => [td.dataset.count, Number(td.textContent)]))])));
    const want = {};
    for (const r of card.rows) {
      want[r.perspective] ??= { met: 0, near: 0, not_met: 0, other: 0 };
      want[r.perspective][['met', 'near', 'not_met'].includes(r.status) ? r.status : 'other']++;
    }
    const was = new Map(prev.rows.map((r) => [r.indicator, r.status]));
    const changed = card.rows.filter((r) => was.has(r.indicator) && was.get(r.indicator) !== r.status).map((r) => `${r.indicator}:${was.get(r.indicator)}>${r.status}`).sort();
    const listed = (await page.locator('.changed-status li').evaluateAll((lis) => lis.map((li) => `${li.dataset.indicator}:${li.dataset.was}>${li.dataset.now}`))).sort();
    const unlinked = await page.locator('.changed-status li').evaluateAll((lis) =>
      lis.filter((li) => !li.querySelector('a')?.getAttribute('href')?.startsWith(`#/indikator/${li.dataset.indicator}?`)).length);
    const heading = norm(await page.locator('.overview-summary h3').textContent());
    const first = await page.evaluate(() => {
      const s = document.querySelector('.overview-summary');
      const t = document.querySelector('table.score-table');
      return !!s && !!t && (s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    check(JSON.stringify(shown) === JSON.stringify(want) && first,
      `overview ${period}: the summary above the tables counts each perspective's statuses as /api/scorecard (${JSON.stringify(shown)})`);
    check(JSON.stringify(listed) === JSON.stringify(changed) && heading === `Ändrad status sedan ${words}` && unlinked === 0,
      `overview ${period}: the ${changed.length} indicators whose status changed since ${before} are listed and linked ("${heading}")`);
  }
  await go(page, base, '#/oversikt?period=2022-T1&unit=vch&lang=sv');
  check(norm(await page.locator('.overview-summary .changed-none').textContent()) === 'Det finns ingen period före denna att jämföra med.',
    'the first tertial served says there is no period before it to compare with');
}

// 9. Dataimport on paper (A4's printable width): no "Åtgärder" column (its header and
// cells hidden), and each table name on one line, not broken inside a word.
export async function importPrint(page, base, { check, go, shot }) {
  await go(page, base, '#/import?lang=sv');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 703, height: 1000 });
  try {
    const r = await page.evaluate(() => {
      const shown = (el) => el.getClientRects().length > 0;
      const actions = [...document.querySelectorAll('.batch-actions-head, .batch-actions-cell')];
      const lines = (el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((b) => Math.round(b.top))).size;
      };
      const names = [...document.querySelectorAll('table.batches tbody td:nth-child(2), table.trash-batches tbody td:nth-child(2)')];
      return {
        actions: actions.length,
        actionsShown: actions.filter(shown).length,
        names: names.length,
        broken: names.filter((td) => lines(td) > 1).map((td) => td.textContent),
        width: document.documentElement.scrollWidth,
      };
    });
    check(r.actions > 0 && r.actionsShown === 0, `Dataimport printed: the ${r.actions} header and cells of "Åtgärder" are left out`);
    check(r.names > 0 && r.broken.length === 0 && r.width <= 703,
      `Dataimport printed: each of the ${r.names} table names on one line, the page ${r.width} px of 703${r.broken.length ? ` (broken: ${r.broken.join(', ')})` : ''}`);
  } finally {
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await shot(page, '41-dataimport');
}
