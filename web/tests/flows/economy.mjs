// Browser checks of Ekonomi (issue 16), called from browser.mjs (flowGroups) with the
// page signed in as the controller, the server's base URL and the test's helpers:
//   { check, go, ready, noReady, axe, shot, api, fitsWidth, norm, users, signInAs,
//     signOut, download, parseCsv, fmtValue, outDir, authorization, repo, example, config }
// Every figure on the page is compared with the API's answer, formatted as the page
// formats it; the API's budget and outcome are compared with a second computation
// straight from the example ledger (data/example/ledger.csv) and forecasts.
import fs from 'node:fs';
import path from 'node:path';

// An amount in tkr as the page writes it: one decimal, Swedish or English digits and
// a real minus (U+2212).
export function fmtTkr(v, lang = 'sv') {
  if (v === null || v === undefined) return '–';
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v).replace(/^-/, '\u2212');
}
const ws = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const csvNum = (v) => (v === null || v === undefined ? '' : String(v).replace('.', ','));
const near = (a, b, tol = 0.051) => a !== null && b !== null && a !== undefined && b !== undefined && Math.abs(a - b) <= tol;

// The ledger's result (revenue − cost), revenue and cost per unit, scenario and month,
// in kronor, read from the CSV the server was seeded with.
function readLedger(example) {
  const lines = fs.readFileSync(path.join(example, 'ledger.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const at = (n) => head.indexOf(n);
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { unit: f[at('unit_id')], month: f[at('month')], account: f[at('account')], scenario: f[at('scenario')], amount: Number(f[at('amount_sek')]) };
  });
}
function readForecasts(example) {
  const lines = fs.readFileSync(path.join(example, 'forecasts.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { unit: f[head.indexOf('unit_id')], made_in: f[head.indexOf('made_in')], year: Number(f[head.indexOf('year')]), result: Number(f[head.indexOf('result_sek')]) };
  });
}

// The units of `id`'s subtree (itself and every unit below it).
function subtree(units, id) {
  const kids = new Map();
  for (const u of units.units) if (u.parent) kids.set(u.parent, [...(kids.get(u.parent) ?? []), u.id]);
  const out = new Set();
  const walk = (u) => {
    if (out.has(u)) return;
    out.add(u);
    for (const k of kids.get(u) ?? []) walk(k);
  };
  walk(id);
  return out;
}

// Budget and outcome of a subtree Jan–through, in tkr, from the ledger.
function ledgerYtd(ledger, units, id, year, through) {
  const set = subtree(units, id);
  const sum = (scenario, pred) => ledger
    .filter((r) => set.has(r.unit) && r.scenario === scenario && r.month >= `${year}-01` && r.month <= through && pred(r))
    .reduce((s, r) => s + r.amount, 0) / 1000;
  const rev = (r) => r.account.startsWith('revenue_');
  const cost = (r) => r.account.startsWith('cost_');
  return {
    budget_ytd: sum('budget', rev) - sum('budget', cost),
    actual_ytd: sum('actual', rev) - sum('actual', cost),
    capitation_booked: sum('actual', (r) => r.account === 'revenue_capitation'),
  };
}

// The rows of a table on the page: per data-key, the text of each [data-col] cell.
async function tableCells(locator, key) {
  return locator.evaluateAll((rows, k) => rows.map((r) => ({
    key: r.getAttribute(k),
    cells: Object.fromEntries([...r.querySelectorAll('[data-col]')].map((c) => [c.getAttribute('data-col'), c.textContent.replace(/\s+/g, ' ').trim()])),
    text: r.textContent.replace(/\s+/g, ' ').trim(),
  })), key);
}

// Compares the page's rows (by key) with the API's, column by column.
function compareRows(check, what, shown, apiRows, keyOf, cols) {
  const byKey = new Map(shown.map((r) => [r.key, r]));
  let bad = [];
  for (const a of apiRows) {
    const row = byKey.get(keyOf(a));
    if (!row) { bad.push(`${keyOf(a)} missing`); continue; }
    for (const [col, value] of cols(a)) {
      if (ws(row.cells[col]) !== ws(value)) bad.push(`${keyOf(a)}.${col}: "${row.cells[col]}" ≠ "${value}"`);
    }
  }
  check(shown.length === apiRows.length && bad.length === 0,
    `${what}: ${shown.length} rows on the page, ${apiRows.length} in the API, every figure as the API's${bad.length ? ` (${bad.slice(0, 4).join('; ')})` : ''}`);
}

export async function economy(page, base, h) {
  const { check, go, axe, shot, api, fitsWidth, norm, download, parseCsv, outDir, example } = h;
  const year = 2024;
  const period = '2024-T2';
  const info = await api(base, 'info');
  const admin = info.administration;
  const units = await api(base, 'units');
  const probe = await fetch(`${base}/api/economy?year=${year}&period=${period}&unit=${admin}&lang=sv`, { headers: h.authorization() });
  if (probe.status === 404 && !(await probe.text()).includes('"code"')) {
    check(false, `Ekonomi: GET /api/economy exists (404 without an error code: the route has not landed)`);
    return;
  }
  const eco = await api(base, `economy?year=${year}&period=${period}&unit=${admin}`);
  check(eco.year === year && eco.period === period && eco.through === '2024-08' && eco.unit?.id === admin,
    `API economy: year, period, through 2024-08 and unit as asked (${eco.year} ${eco.period} ${eco.through} ${eco.unit?.id})`);

  // The API against the ledger: each row's budget and outcome Jan–Aug, and the contract's
  // own arithmetic (deviation = outcome − budget, forecast deviation = forecast − budget).
  const ledger = readLedger(example);
  const ledgerBad = [];
  for (const r of eco.rows) {
    const l = ledgerYtd(ledger, units, r.unit.id, year, eco.through);
    if (!near(r.budget_ytd, l.budget_ytd) || !near(r.actual_ytd, l.actual_ytd)) ledgerBad.push(`${r.unit.id}: ${r.budget_ytd}/${r.actual_ytd} vs ledger ${l.budget_ytd.toFixed(1)}/${l.actual_ytd.toFixed(1)}`);
    if (!near(r.deviation_ytd, r.actual_ytd - r.budget_ytd, 0.11)) ledgerBad.push(`${r.unit.id}: deviation ${r.deviation_ytd} ≠ ${r.actual_ytd} − ${r.budget_ytd}`);
    if (r.forecast !== null && !near(r.forecast_deviation, r.forecast - r.budget_year, 0.11)) ledgerBad.push(`${r.unit.id}: forecast deviation ${r.forecast_deviation} ≠ ${r.forecast} − ${r.budget_year}`);
  }
  check(eco.rows.length >= 2 && eco.rows[0].level === 0 && eco.rows[0].unit.id === admin && ledgerBad.length === 0,
    `API economy: ${eco.rows.length} rows (the administration first), budget and outcome Jan–${eco.through} equal the ledger's sums, deviations as the contract says${ledgerBad.length ? ` (${ledgerBad.slice(0, 3).join('; ')})` : ''}`);

  // 1. The summary table equals the API's.
  const hash = `#/ekonomi?year=${year}&period=${period}&unit=${admin}`;
  await go(page, base, hash);
  check(norm(await page.locator('#main h1').textContent()).startsWith(`Ekonomi: ${eco.unit.name}`), `Ekonomi's heading names the unit (${norm(await page.locator('#main h1').textContent())})`);
  check(norm(await page.locator('.eco-summary h2').textContent()) === 'Sammanställning budget, ekonomiskt resultat och prognos', 'Ekonomi: the summary is headed as the seed');
  const heads = (await page.locator('.eco-summary thead th').allTextContents()).map(norm);
  check(heads.length === 7 && heads.slice(1).every((x) => x.endsWith('(tkr)')) && heads[1].startsWith('Budget helår') && heads[6].startsWith('Prognosavvikelse'),
    `Ekonomi: the summary's headers name tkr (${heads.join(' | ')})`);
  const cols = ['budget_year', 'budget_ytd', 'actual_ytd', 'deviation_ytd', 'forecast', 'forecast_deviation'];
  compareRows(check, 'Ekonomi: the summary', await tableCells(page.locator('.eco-summary tbody tr'), 'data-unit'), eco.rows, (r) => r.unit.id, (r) => cols.map((c) => [c, fmtTkr(r[c])]));
  const negative = eco.rows.find((r) => cols.some((c) => r[c] !== null && r[c] < 0));
  if (negative) {
    const c = cols.find((k) => negative[k] !== null && negative[k] < 0);
    const text = await page.locator(`.eco-summary tr[data-unit="${negative.unit.id}"] [data-col="${c}"]`).textContent();
    check(text.startsWith('\u2212'), `Ekonomi: a negative amount is written with a real minus (${negative.unit.id} ${c}: "${text}")`);
  }

  // 2. The months: chart spans the year's 12 months, the table equals the API's.
  await page.waitForSelector('.eco-chart canvas');
  const chart = await page.locator('.eco-chart .chart-canvas').evaluate((e) => ({ n: e.dataset.months, first: e.dataset.first, last: e.dataset.last, w: e.getBoundingClientRect().width }));
  check(eco.months.length === 12 && chart.n === '12' && chart.first === `${year}-01` && chart.last === `${year}-12`,
    `Ekonomi: the chart spans the year's months (${chart.n}: ${chart.first}–${chart.last}; API ${eco.months.length})`);
  const legend = (await page.locator('.eco-legend li').allTextContents()).map(norm);
  check(legend.length === 3 && legend[0].includes('heldragen') && legend[1].includes('streckad') && legend[2].includes('prickad'),
    `Ekonomi: the chart's legend names each line's style (${legend.join(' | ')})`);
  compareRows(check, 'Ekonomi: the months table', await tableCells(page.locator('.eco-months tbody tr'), 'data-month'), eco.months, (m) => m.month,
    (m) => [['budget', fmtTkr(m.budget)], ['actual', fmtTkr(m.actual)], ['deviation_accumulated', fmtTkr(m.deviation_accumulated)], ['forecast', fmtTkr(m.forecast)]]);
  const lastWithOutcome = [...eco.months].reverse().find((m) => m.deviation_accumulated !== null);
  check(lastWithOutcome && near(lastWithOutcome.deviation_accumulated, eco.rows[0].deviation_ytd, 0.11),
    `API economy: the last month's accumulated deviation (${lastWithOutcome?.month}: ${lastWithOutcome?.deviation_accumulated}) equals the row's deviation to date (${eco.rows[0].deviation_ytd})`);

  // 3. The accounts.
  compareRows(check, 'Ekonomi: the accounts', await tableCells(page.locator('.eco-accounts tbody tr[data-account]'), 'data-account'), eco.accounts, (a) => a.account,
    (a) => [['budget_ytd', fmtTkr(a.budget_ytd)], ['actual_ytd', fmtTkr(a.actual_ytd)], ['deviation_ytd', fmtTkr(a.deviation_ytd)]]);

  // 4. The CSV of the summary read back: the API's numbers, decimal comma.
  const d = await download(page, '.eco-summary .download-csv', outDir);
  const csv = parseCsv(d.bytes.toString('utf8').replace(/^\ufeff/, ''));
  const csvBad = eco.rows.filter((r, i) => {
    const rec = csv[i + 1] ?? [];
    return rec[1] !== r.unit.id || cols.some((c, j) => rec[2 + j] !== csvNum(r[c]));
  });
  check(d.name === `nara-ekonomi-${admin}-${period}.csv` && csv[0]?.[2] === 'Budget helår (tkr)' && csv.length === eco.rows.length + 1 && csvBad.length === 0,
    `Ekonomi: the summary's CSV (${d.name}) holds the API's numbers (${csv.length - 1} rows${csvBad.length ? `; differ: ${csvBad.map((r) => r.unit.id).join(', ')}` : ''})`);

  // 5. Drill-down to an area and back by the breadcrumb.
  const area = eco.rows.find((r) => r.level === 1 && r.has_children);
  if (!area) {
    check(false, 'Ekonomi: an area under the administration can be drilled into (has_children)');
  } else {
    await h.noReady(page);
    await page.locator(`.eco-summary tr[data-unit="${area.unit.id}"] a.eco-drill`).click();
    await h.ready(page);
    const areaEco = await api(base, `economy?year=${year}&period=${period}&unit=${area.unit.id}`);
    const hashNow = decodeURIComponent(new URL(page.url()).hash);
    check(hashNow.includes(`unit=${area.unit.id}`) && norm(await page.locator('#main h1').textContent()).includes(area.unit.name),
      `Ekonomi: the row ${area.unit.name} leads to its own page (${hashNow})`);
    compareRows(check, `Ekonomi drilled into ${area.unit.id}`, await tableCells(page.locator('.eco-summary tbody tr'), 'data-unit'), areaEco.rows, (r) => r.unit.id, (r) => cols.map((c) => [c, fmtTkr(r[c])]));
    const areaBad = areaEco.rows.filter((r) => {
      const l = ledgerYtd(ledger, units, r.unit.id, year, areaEco.through);
      return !near(r.budget_ytd, l.budget_ytd) || !near(r.actual_ytd, l.actual_ytd);
    });
    check(areaBad.length === 0, `API economy ${area.unit.id}: every row's budget and outcome equal the ledger's${areaBad.length ? ` (differ: ${areaBad.map((r) => r.unit.id).join(', ')})` : ''}`);
    // A health centre's forecast: the latest made in or before `through` (forecasts.csv).
    const forecasts = readForecasts(example);
    const fcBad = areaEco.rows.filter((r) => r.level === 1).filter((r) => {
      const set = subtree(units, r.unit.id);
      const made = forecasts.filter((f) => set.has(f.unit) && f.year === year && f.made_in <= areaEco.through);
      if (made.length === 0) return r.forecast !== null;
      const latest = made.reduce((a, b) => (b.made_in > a ? b.made_in : a), '');
      const sum = made.filter((f) => f.made_in === latest).reduce((s, f) => s + f.result, 0) / 1000;
      return set.size === 1 && !near(r.forecast, sum);
    });
    check(fcBad.length === 0, `API economy ${area.unit.id}: each unit's forecast is the latest in forecasts.csv made by ${areaEco.through}${fcBad.length ? ` (differ: ${fcBad.map((r) => `${r.unit.id} ${r.forecast}`).join(', ')})` : ''}`);
    const crumbs = (await page.locator('.eco-breadcrumbs li').allTextContents()).map(norm);
    check(crumbs[0] === eco.unit.name && crumbs[crumbs.length - 1] === area.unit.name && (await page.locator('.eco-breadcrumbs [aria-current=page]').count()) === 1,
      `Ekonomi: the breadcrumb reads ${crumbs.join(' › ')}`);

    // 6. Beräknad mot bokförd vårdpeng on the area's page.
    const capRes = await fetch(`${base}/api/economy/capitation?year=${year}&period=${period}&unit=${area.unit.id}&lang=sv`, { headers: h.authorization() });
    const cap = await capRes.json();
    await page.waitForSelector('.eco-capitation table, .eco-capitation .eco-unavailable, .eco-capitation .error, .eco-capitation .muted');
    if (capRes.status !== 200) {
      check(false, `API economy/capitation for ${area.unit.id} answers 200 (${capRes.status} ${cap.error?.code ?? ''})`);
    } else {
      const shownCap = await tableCells(page.locator('.eco-capitation tbody tr'), 'data-unit');
      const shareText = (v) => (v === null ? '–' : `${new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v * 100).replace(/^-/, '\u2212')} %`);
      compareRows(check, `Ekonomi: computed vs booked capitation for ${area.unit.id}`, shownCap, cap.units, (u) => u.unit.id,
        (u) => [['computed', fmtTkr(u.computed)], ['booked', fmtTkr(u.booked)], ['difference', fmtTkr(u.difference)], ['difference_share', shareText(u.difference_share)]]);
      check(shownCap.map((r) => r.key).join() === cap.units.map((u) => u.unit.id).join(), `Ekonomi: the capitation table's rows are the API's units, in its order (${cap.units.length})`);
      const large = cap.units.filter((u) => u.difference_share !== null && Math.abs(u.difference_share) > 0.005).map((u) => u.unit.id);
      const marked = shownCap.filter((r) => r.cells.mark.includes('Stor skillnad') && r.cells.mark.includes('⚠')).map((r) => r.key);
      check(marked.join() === large.join(), `Ekonomi: the large differences (|share| > 0,5 %) are marked with word and icon (${marked.length}: ${marked.join(', ')}; API ${large.length})`);
      // The API against its own arithmetic and the ledger's booked capitation.
      const capBad = cap.units.filter((u) => {
        const l = ledgerYtd(ledger, units, u.unit.id, year, cap.through);
        return !near(u.difference, u.booked - u.computed, 0.11) || (u.computed && Math.abs(u.difference_share - u.difference / u.computed) > 0.0005) || !near(u.booked, l.capitation_booked);
      });
      check(cap.units.length > 0 && capBad.length === 0,
        `API economy/capitation: difference = booked − computed, share = difference / computed, booked = the ledger's revenue_capitation Jan–${cap.through}${capBad.length ? ` (differ: ${capBad.map((u) => u.unit.id).join(', ')})` : ''}`);
    }
    await shot(page, `16-ekonomi-${area.unit.id}`);
    await h.noReady(page);
    await page.locator('.eco-breadcrumbs a').first().click();
    await h.ready(page);
    check(decodeURIComponent(new URL(page.url()).hash).includes(`unit=${admin}`) && norm(await page.locator('#main h1').textContent()).includes(eco.unit.name),
      'Ekonomi: the breadcrumb leads back to the administration');
  }

  // 7. Vad händer om: one column per model, the figures as the API's.
  const wRes = await fetch(`${base}/api/economy/whatif?year=${year + 1}&lang=sv`, { headers: h.authorization() });
  const w = await wRes.json();
  await page.waitForSelector('.eco-whatif table, .eco-whatif .eco-unavailable, .eco-whatif .error');
  if (wRes.status !== 200) {
    check(false, `API economy/whatif?year=${year + 1} answers 200 (${wRes.status} ${w.error?.code ?? ''}: ${w.error?.message ?? ''})`);
  } else {
    const modelCols = await page.locator('.eco-whatif thead th[data-model]').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-model')));
    check(w.models.length >= 2 && modelCols.join() === w.models.map((m) => m.id).join(), `Ekonomi: the what-if table has one column per model (${modelCols.join(', ')})`);
    compareRows(check, 'Ekonomi: what if', await tableCells(page.locator('.eco-whatif tbody tr'), 'data-unit'), w.rows, (r) => r.unit.id,
      (r) => [['base_result', fmtTkr(r.base_result)], ...w.models.map((m, i) => [`result-${m.id}`, fmtTkr(r.results[i])])]);
    const wBad = w.rows.filter((r) => r.results.length !== w.models.length || r.revenues.length !== w.models.length);
    check(wBad.length === 0, `API economy/whatif: every row has a result and a revenue per model`);
  }

  // 8. Every table has its CSV and Excel buttons; axe; no sideways scroll.
  const tables = await page.locator('.eco-section table').count();
  const csvButtons = await page.locator('.eco-section .download-csv').count();
  const xlsxButtons = await page.locator('.eco-section .download-xlsx').count();
  check(tables >= 4 && csvButtons === tables && xlsxButtons === tables, `Ekonomi: every table (${tables}) has CSV and Excel buttons (${csvButtons} + ${xlsxButtons})`);
  await axe(page, 'Ekonomi');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await fitsWidth(page, width, 'Ekonomi');
    const box = await page.locator('.eco-chart canvas').first().evaluate((c) => c.getBoundingClientRect().right);
    check(box <= width, `Ekonomi: the chart lies within ${width} px (right edge ${Math.round(box)})`);
    await shot(page, `16-ekonomi-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // 9. In English: the headers and a negative amount's minus.
  await go(page, base, `${hash}&lang=en`);
  const enHead = norm(await page.locator('.eco-summary h2').textContent());
  const enFirst = await page.locator(`.eco-summary tr[data-unit="${admin}"] [data-col="budget_ytd"]`).textContent();
  check(enHead === 'Summary of budget, financial result and forecast' && ws(enFirst) === ws(fmtTkr(eco.rows[0].budget_ytd, 'en')),
    `Ekonomi in English: "${enHead}", budget to date ${enFirst}`);
  await axe(page, 'Ekonomi (English)');
  await go(page, base, `${hash}&lang=sv`);
}
