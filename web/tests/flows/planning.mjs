// Browser checks of Planering (issue 17), called from browser.mjs (flowGroups) with the
// page signed in as the controller, the server's base URL and the test's helpers:
//   { check, go, ready, noReady, axe, shot, api, fitsWidth, norm, users, signInAs,
//     signOut, download, parseCsv, fmtValue, outDir, authorization, repo, example, config }
// As the controller: a small baseline run (2025–2026, two runs, scale 0,05) started from
// the page, its state and progress followed to "Klar"; a second (Färre händer) run, a
// third cancelled while it waits ("Avbruten"); the two finished runs compared (the
// table's medians and p10–p90 as GET /api/planning/results, each difference = median −
// the reference's), the chart's legend and CSV; the backcast and the coverage table as
// the API's, one map cell per land cell shaded in its distance band, one marker per
// unit; a location proposal (k = 1) drawn and listed as the API's, saved as a scenario
// that the run form then offers; no more polling once the page is left; axe and the
// widths 390 and 1440 px. As a reader: the runs without form or buttons, 403 if tried.
// Leaves the page signed in as the controller. A scenario file the test made is removed.
import fs from 'node:fs';
import path from 'node:path';
import { postFromPage, switchUser } from './session.mjs';

const ws = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);
const hash = '#/planering?lang=sv';
const small = { first: 2025, last: 2026, runs: 2, scale: 0.05 };
const stateWord = { queued: 'I kö', running: 'Pågår', done: 'Klar', failed: 'Misslyckad', cancelled: 'Avbruten' };
// Waits for a run are generous: a Debug build on a busy machine simulates slowly.
const runWaitMs = 240000;

function fmtNumber(v, decimals, lang = 'sv') {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}
// A difference as the page writes it: the rounded value's sign (+ or a real minus), none
// for zero.
function fmtSigned(v, decimals) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  if (r === 0) return fmtNumber(0, decimals);
  return `${r > 0 ? '+' : '\u2212'}${fmtNumber(Math.abs(r), decimals)}`;
}
const share = (v) => (v === null || v === undefined ? '–' : `${fmtNumber(v * 100, 1)} %`);
const band = (km) => (km === null || km === undefined ? 4 : km <= 5 ? 0 : km <= 10 ? 1 : km <= 15 ? 2 : km <= 20 ? 3 : 4);

// Fills the run form and presses Starta; the server's answer (202 and the run).
async function startRun(page, scenario, s = small) {
  await page.selectOption('.pl-scenario', scenario);
  await page.fill('.pl-first_year', String(s.first));
  await page.fill('.pl-last_year', String(s.last));
  await page.fill('.pl-runs', String(s.runs));
  await page.fill('.pl-scale', String(s.scale));
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/planning/runs' && r.request().method() === 'POST'),
    page.click('.pl-start'),
  ]);
  return { status: res.status(), run: await res.json().catch(() => null) };
}

// A run's row as shown: state, its words, the progress text and value.
async function rowOf(page, id) {
  return page.evaluate((i) => {
    const tr = document.querySelector(`.pl-runs tr[data-run="${i}"]`);
    if (!tr) return null;
    const text = (sel) => (tr.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return {
      state: tr.dataset.state,
      stateText: text('.pl-state'),
      progress: text('.pl-progress-text'),
      value: tr.querySelector('progress')?.getAttribute('value') ?? null,
      max: tr.querySelector('progress')?.getAttribute('max') ?? null,
      cancel: !!tr.querySelector('.pl-cancel'),
      csv: tr.querySelector('a.pl-csv')?.getAttribute('href') ?? null,
    };
  }, id);
}

// Reads the run's row until its state is one of `until` (or time is up); every
// distinct (state, words, progress) seen on the way.
async function follow(page, id, until) {
  const seen = [];
  const end = Date.now() + runWaitMs;
  let row = null;
  while (Date.now() < end) {
    row = await rowOf(page, id);
    const key = row ? `${row.state}|${row.stateText}|${row.progress}` : 'missing';
    if (seen[seen.length - 1]?.key !== key) seen.push({ key, ...row });
    if (row && until.includes(row.state)) break;
    await page.waitForTimeout(200);
  }
  return { row, seen };
}

export async function planning(page, base, h) {
  const { check, go, axe, shot, api, fitsWidth, norm, users, outDir, config } = h;
  const probe = await fetch(`${base}/api/planning?lang=sv`, { headers: h.authorization() });
  if (probe.status !== 200) {
    check(false, `Planering: GET /api/planning answers 200 (${probe.status}: the route has not landed?)`);
    return;
  }
  const pl = await probe.json();
  const { indicators } = await api(base, 'catalogue');
  const units = await api(base, 'units');
  const scenarioDir = path.join(config, 'scenarios');
  const scenarioFiles = new Set(fs.existsSync(scenarioDir) ? fs.readdirSync(scenarioDir) : []);
  const madeIds = [];
  const runPolls = [];
  const onRequest = (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/planning/runs' && r.method() === 'GET') runPolls.push(Date.now());
  };
  page.on('request', onRequest);
  const started = Date.now();
  try {
    // 1. The page and its run form as the controller.
    await go(page, base, hash);
    check(norm(await page.locator('#main h1').textContent()) === 'Planering till 2030', 'Planering is headed "Planering till 2030"');
    check(norm(await page.locator('#site-nav a[aria-current=page]').textContent()) === 'Planering', 'the menu names the page "Planering" and marks it current');
    const options = await page.locator('.pl-scenario option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    check(pl.may_run === true && options.length === pl.scenarios.length && pl.scenarios.every((s, i) => options[i]?.[0] === s.id && options[i]?.[1] === s.name),
      `Planering: the run form offers the API's scenarios by name (${options.map((o) => o[1]).join(', ')})`);
    const defaults = [await page.inputValue('.pl-first_year'), await page.inputValue('.pl-last_year'), await page.inputValue('.pl-runs'), await page.inputValue('.pl-scale')];
    check(defaults.join() === [pl.years.first, pl.years.last, 10, 1].join(), `Planering: the form's defaults are the API's years, 10 runs, scale 1 (${defaults.join(', ')})`);
    const help = norm(await page.locator('.pl-run-form').textContent());
    check(help.includes('Skala 1 = hela Halland; lägre går fortare.'), 'Planering: the scale is explained ("Skala 1 = hela Halland; lägre går fortare.")');
    const description = norm(await page.locator('.pl-description').textContent());
    check(description === norm(pl.scenarios[0]?.description), `Planering: the chosen scenario's description is shown (${description.slice(0, 60)})`);

    // 2. The baseline, small: its progress, then "Klar".
    const base1 = await startRun(page, 'baseline');
    check(base1.status === 202 && base1.run?.scenario === 'baseline' && ['queued', 'running'].includes(base1.run?.state) && base1.run?.runs === 2 && base1.run?.first_year === 2025 && base1.run?.last_year === 2026,
      `Planering: Starta sends the baseline (202 ${base1.run?.state}, ${base1.run?.first_year}–${base1.run?.last_year}, ${base1.run?.runs} runs, scale ${base1.run?.scale})`);
    const id1 = base1.run?.id;
    const f1 = await follow(page, id1, ['done', 'failed', 'cancelled']);
    const under = f1.seen.filter((s) => ['queued', 'running'].includes(s.state));
    check(under.length > 0 && under.every((s) => s.stateText.startsWith(stateWord[s.state]) && /^\d+ av 2 körningar$/.test(s.progress)),
      `Planering: while it runs, the row says ${[...new Set(under.map((s) => `"${s.stateText}, ${s.progress}"`))].join(' then ')}`);
    check(f1.row?.state === 'done' && f1.row.stateText === 'Klar' && f1.row.progress === '2 av 2 körningar' && f1.row.value === '2' && f1.row.max === '2' && !f1.row.cancel,
      `Planering: the baseline ends "Klar", "2 av 2 körningar", progress 2/2, no Avbryt (${f1.row?.state} "${f1.row?.stateText}" "${f1.row?.progress}"${f1.row?.state === 'failed' ? `: ${(await api(base, 'planning/runs')).runs.find((r) => r.id === id1)?.message}` : ''})`);
    check(runPolls.length >= 1, `Planering: the page read the runs again while one ran (${runPolls.length} GET /api/planning/runs)`);

    // 3. Färre händer, and a third run cancelled while it waits behind it.
    const second = await startRun(page, 'farre_hander');
    const id2 = second.run?.id;
    const third = await startRun(page, 'baseline', { ...small, runs: 5 });
    const id3 = third.run?.id;
    check(second.status === 202 && third.status === 202 && id2 !== undefined && id3 !== undefined, `Planering: two more runs started (${second.status} nr ${id2}, ${third.status} nr ${id3} ${third.run?.state})`);
    await page.locator(`.pl-runs tr[data-run="${id3}"] .pl-cancel`).waitFor({ timeout: 10000 }).catch(() => {});
    const [cancelRes] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/planning/runs/cancel'),
      page.locator(`.pl-runs tr[data-run="${id3}"] .pl-cancel`).click(),
    ]);
    check(cancelRes.status() === 200, `API planning/runs/cancel answers 200 (${cancelRes.status()})`);
    const f3 = await follow(page, id3, ['cancelled', 'done', 'failed']);
    check(f3.row?.state === 'cancelled' && f3.row.stateText === 'Avbruten' && !f3.row.cancel && !f3.row.csv,
      `Planering: the third run, cancelled, reads "Avbruten" with no Avbryt and no CSV (${f3.row?.state} "${f3.row?.stateText}")`);
    const status = norm(await page.locator('.pl-run .pl-status').first().textContent());
    check(status.includes('avbryts') || status.includes('avbruten'), `Planering: the page says what the cancel did ("${status}")`);
    const f2 = await follow(page, id2, ['done', 'failed', 'cancelled']);
    check(f2.row?.state === 'done' && f2.row.stateText === 'Klar', `Planering: Färre händer ends "Klar" (${f2.row?.state})`);
    const runsNow = (await api(base, 'planning/runs')).runs;
    const apiState = (id) => runsNow.find((r) => r.id === id)?.state;
    check(apiState(id1) === 'done' && apiState(id2) === 'done' && apiState(id3) === 'cancelled', `API planning/runs: ${id1} ${apiState(id1)}, ${id2} ${apiState(id2)}, ${id3} ${apiState(id3)}`);
    const shownIds = await page.locator('.pl-runs tbody tr').evaluateAll((trs) => trs.map((t) => Number(t.dataset.run)));
    check(shownIds.join() === runsNow.map((r) => r.id).join(), `Planering: the runs table lists the API's runs, newest first (${shownIds.join(', ')})`);

    // 4. The CSV of a finished run.
    const csvHref = (await rowOf(page, id1))?.csv ?? '';
    const csv = await h.download(page, `.pl-runs tr[data-run="${id1}"] a.pl-csv`, outDir).catch((e) => ({ name: '', bytes: Buffer.from(String(e)) }));
    const csvHead = csv.bytes.toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/)[0];
    check(csvHref.startsWith('/api/planning/results.csv?') && new URL(csvHref, base).searchParams.get('run') === String(id1) && csvHead === 'scenario,year,indicator,unit_id,median,p10,p90,target,status',
      `Planering: the baseline's "Resultat (CSV)" is results.csv (${csvHref}; ${csv.name}: ${csvHead})`);

    // 5. The two finished runs compared: the table as the API's, differences from the reference.
    const ind = indicators.find((i) => i.id === 'phone_same_day') ?? indicators[0];
    const decimals = ind.display === 'count' ? 0 : ind.decimals;
    const doneBoxes = await page.locator('.pl-checks input').evaluateAll((bs) => bs.map((b) => Number(b.value)));
    check(doneBoxes.join() === [id1, id2].join(), `Planering: the finished runs are offered to compare, oldest first (${doneBoxes.join(', ')})`);
    await page.locator(`.pl-checks input[value="${id1}"]`).check();
    await page.locator(`.pl-checks input[value="${id2}"]`).check();
    const refTag = norm(await page.locator(`.pl-checks input[value="${id1}"]`).locator('xpath=..').textContent());
    check(refTag.endsWith('(referens)'), `Planering: the first ticked is marked the reference ("${refTag}")`);
    await page.selectOption('.pl-indicator', ind.id);
    check((await page.inputValue('.pl-unit')) === units.root, `Planering: the unit defaults to the tree's root (${await page.inputValue('.pl-unit')})`);
    await page.click('.pl-show');
    await page.waitForSelector('.pl-results, .pl-compare-out .error');
    const unitQ = encodeURIComponent(units.root);
    const [r1, r2] = [await api(base, `planning/results?run=${id1}&indicator=${ind.id}&unit=${unitQ}`), await api(base, `planning/results?run=${id2}&indicator=${ind.id}&unit=${unitQ}`)];
    check(r1.unit === units.root && r1.rows?.length === 2 && r1.rows[0].year === 2025 && r1.rows[1].year === 2026 && r2.rows?.length === 2,
      `API planning/results: one row per planned year for the root (${r1.unit}: ${r1.rows?.map((r) => r.year).join(', ')}${r1.error ? `; ${r1.error.code}: ${r1.error.message}` : ''})`);
    const cells = await page.locator('.pl-results tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      year: Number(tr.dataset.year),
      cols: Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.getAttribute('data-col'), c.textContent.replace(/\s+/g, ' ').trim()])),
    })));
    const bad = [];
    for (const row of r1.rows ?? []) {
      const shown = cells.find((c) => c.year === row.year);
      const other = r2.rows.find((x) => x.year === row.year);
      if (!shown) { bad.push(`${row.year} missing`); continue; }
      const want = {
        [`median-${id1}`]: h.fmtValue(row.median, ind.display, decimals),
        [`median-${id2}`]: h.fmtValue(other?.median, ind.display, decimals),
        [`range-${id1}`]: row.p10 === null || row.p90 === null ? '' : `(${fmtNumber(row.p10, decimals)}–${fmtNumber(row.p90, decimals)})`,
        [`diff-${id2}`]: (() => {
          const s = fmtSigned(other?.median === null || row.median === null ? null : other.median - row.median, decimals);
          return s === '–' ? s : ind.display === 'percent' ? `${s} p.e.` : s;
        })(),
        target: h.fmtValue(row.target, ind.display, decimals),
      };
      for (const [k, v] of Object.entries(want)) if (ws(shown.cols[k]) !== ws(v)) bad.push(`${row.year} ${k}: "${shown.cols[k]}" ≠ "${v}"`);
    }
    check(cells.length === 2 && bad.length === 0, `Planering: the comparison table's medians, p10–p90, targets and differences from the reference are the API's (${cells.length} years${bad.length ? `; ${bad.slice(0, 4).join('; ')}` : ''})`);
    const diffHead = norm(await page.locator(`.pl-results thead th[data-diff="${id2}"]`).textContent());
    check(diffHead.startsWith('Skillnad mot Basscenario'), `Planering: the difference column is headed "${diffHead}"`);
    await page.waitForSelector('.pl-chart canvas');
    const legend = (await page.locator('.pl-legend li').allTextContents()).map(norm);
    check(legend.length === 3 && legend[0].includes('heldragen') && legend[0].includes('cirklar') && legend[1].includes('streckad') && legend[1].includes('kvadrater') && legend[2].startsWith('Mål'),
      `Planering: the chart's legend names each run's line and point shape and the target (${legend.join(' | ')})`);
    const chart = await page.locator('.pl-chart .chart-canvas').evaluate((e) => ({ runs: e.dataset.runs, years: e.dataset.years, label: e.getAttribute('aria-labelledby'), desc: document.getElementById(e.getAttribute('aria-describedby') ?? '')?.textContent ?? '' }));
    check(chart.runs === '2' && chart.years === '2025,2026' && chart.label && chart.desc.includes('2026'), `Planering: the chart holds two runs over 2025–2026, named and summarised for screen readers ("${chart.desc}")`);

    // 6. The backcast as the API's.
    await page.waitForSelector('.pl-backcast-table, .pl-backcast .error', { timeout: runWaitMs });
    const bc = await api(base, 'planning/backcast');
    const bcShown = await page.locator('.pl-backcast-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      label: tr.querySelector('th').textContent.trim(),
      cols: Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.getAttribute('data-col'), c.textContent.replace(/\s+/g, ' ').trim()])),
    })));
    const bcBad = [];
    (bc.rows ?? []).forEach((r, i) => {
      const s = bcShown[i];
      const value = (v) => (r.share ? (v === null ? '–' : `${fmtNumber(v, 1)} %`) : v === null ? '–' : fmtNumber(v, Number.isInteger(v) ? 0 : 1));
      const unit = r.share ? ' p.e.' : ' %';
      const want = { seed: value(r.seed), backcast: value(r.backcast), error: r.error === null ? '–' : `${fmtSigned(r.error, 1)}${unit}`, tolerance: r.tolerance === null ? '–' : `± ${fmtNumber(r.tolerance, 1)}${unit}` };
      if (!s || s.label !== r.label) bcBad.push(`${i}: label "${s?.label}" ≠ "${r.label}"`);
      else for (const [k, v] of Object.entries(want)) if (ws(s.cols[k]) !== ws(v)) bcBad.push(`${r.figure} ${k}: "${s.cols[k]}" ≠ "${v}"`);
    });
    check(bc.calibration_year === 2022 && bc.year === 2023 && bcShown.length === (bc.rows ?? []).length && bcShown.length > 0 && bcBad.length === 0,
      `Planering: the backcast table is the API's (${bcShown.length} figures${bcBad.length ? `; ${bcBad.slice(0, 4).join('; ')}` : ''})`);
    const bcLead = norm(await page.locator('.pl-backcast-lead').textContent());
    check(bcLead.includes('kalibrerades på 2022 enbart') && bcLead.includes('2023') && bcLead.includes('± toleransen'), `Planering: the backcast says what it is and how to read a scenario ("${bcLead.slice(0, 90)}…")`);

    // 7. The map and the coverage table.
    await page.waitForSelector('svg.pl-map');
    const geo = await api(base, 'planning/geography?year=2024');
    const drawn = await page.evaluate(() => ({
      cells: document.querySelectorAll('svg.pl-map rect.pl-cell').length,
      bands: [...document.querySelectorAll('svg.pl-map rect.pl-cell')].map((r) => Number(r.dataset.band)),
      hc: document.querySelectorAll('svg.pl-map .pl-site[data-kind=health_centre]').length,
      branches: document.querySelectorAll('svg.pl-map .pl-site[data-kind=branch]').length,
      titled: [...document.querySelectorAll('svg.pl-map .pl-site')].every((s) => s.querySelector('title')?.textContent.trim()),
      role: document.querySelector('svg.pl-map')?.getAttribute('role'),
      label: document.querySelector('svg.pl-map title')?.textContent ?? '',
    }));
    const wantBands = (kms) => kms.map(band);
    const bandBad = (got, kms) => got.filter((b, i) => b !== wantBands(kms)[i]).length;
    check(drawn.cells === geo.cells.e.length && bandBad(drawn.bands, geo.cells.km_health_centre) === 0,
      `Planering: the map draws every land cell (${drawn.cells} of ${geo.cells.e.length}), each in the band of its km to the nearest health centre (${bandBad(drawn.bands, geo.cells.km_health_centre)} wrong)`);
    check(drawn.hc === geo.sites.filter((s) => !s.branch).length && drawn.branches === geo.sites.filter((s) => s.branch).length && drawn.titled,
      `Planering: a marker per unit, health centres and branches in two shapes, each titled (${drawn.hc} + ${drawn.branches})`);
    check(drawn.role === 'img' && drawn.label.includes('2024') && drawn.label.includes('km'), `Planering: the map is one image with a summary ("${drawn.label.slice(0, 90)}…")`);
    const legendKeys = (await page.locator('.pl-map-keys li').allTextContents()).map(norm);
    check(legendKeys.length === 8 && legendKeys[0].startsWith('0–5 km') && legendKeys[4].startsWith('över 20 km') && legendKeys.slice(0, 5).every((k) => k.includes('(')),
      `Planering: the map's legend names the five bands with their patterns and the markers (${legendKeys.slice(0, 5).join(' | ')})`);
    const coverageOf = async (nearest) => {
      const rows = geo.coverage.filter((c) => c.nearest === nearest);
      const shownRows = await page.locator('.pl-coverage-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
        area: tr.dataset.area,
        cols: Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.getAttribute('data-col'), c.textContent.replace(/\s+/g, ' ').trim()])),
      })));
      const covBad = [];
      rows.forEach((r, i) => {
        const s = shownRows[i];
        if (!s || s.area !== r.area) { covBad.push(`${i}: ${s?.area} ≠ ${r.area}`); return; }
        const want = { residents: fmtNumber(r.residents, 0), mean_km: fmtNumber(r.mean_km, 2), longest_km: fmtNumber(r.longest_km, 1) };
        [5, 10, 15, 20].forEach((l, j) => { want[`within-${l}`] = share(r.within[j]); want[`within80-${l}`] = share(r.within_80[j]); });
        for (const [k, v] of Object.entries(want)) if (ws(s.cols[k]) !== ws(v)) covBad.push(`${r.area} ${k}: "${s.cols[k]}" ≠ "${v}"`);
      });
      check(rows.length > 0 && shownRows.length === rows.length && rows[rows.length - 1].area === 'Halland' && covBad.length === 0,
        `Planering: the coverage table (nearest ${nearest}) is the API's (${shownRows.length} areas${covBad.length ? `; ${covBad.slice(0, 4).join('; ')}` : ''})`);
    };
    await coverageOf('health_centre');
    await page.selectOption('.pl-nearest', 'care');
    await page.click('.pl-geo-show');
    await page.waitForFunction(() => document.querySelector('.pl-coverage h3')?.textContent.includes('eller filial'));
    await coverageOf('care');
    const careBands = await page.evaluate(() => [...document.querySelectorAll('svg.pl-map rect.pl-cell')].map((r) => Number(r.dataset.band)));
    check(bandBad(careBands, geo.cells.km_care) === 0, `Planering: with "vårdcentral eller filial" each cell is in the band of its km to the nearest health centre or branch (${bandBad(careBands, geo.cells.km_care)} wrong)`);

    // 8. A proposal for one new health centre, then a scenario of it.
    await page.selectOption('.pl-k', '1');
    await page.selectOption('.pl-kind', 'health_centre');
    await page.selectOption('.pl-objective', 'distance');
    await page.click('.pl-propose');
    await page.waitForSelector('.pl-proposal-table, .pl-locate .error', { timeout: runWaitMs });
    const loc = await api(base, 'planning/locate?k=1&kind=health_centre&objective=distance&within=15&year=2024');
    const propRows = await page.locator('.pl-proposal-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      municipality: tr.querySelector('[data-col=municipality]')?.textContent.trim(),
      locality: tr.querySelector('[data-col=locality]')?.textContent.trim(),
    })));
    const marks = await page.locator('svg.pl-map .pl-proposal').evaluateAll((gs) => gs.map((g) => g.querySelector('text')?.textContent));
    check(loc.units?.length === 1 && propRows.length === 1 && propRows[0].municipality === loc.units[0].municipality && propRows[0].locality === loc.units[0].locality && marks.join() === '1',
      `Planering: k = 1 proposes one unit, listed and drawn as "1" (${propRows.map((p) => `${p.locality} (${p.municipality})`).join(', ')}; API ${loc.units?.map((u) => u.locality).join(', ')})`);
    const ba = await page.locator('.pl-before-after tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim())));
    const wantBa = [[fmtNumber(loc.before?.mean_km, 2), fmtNumber(loc.after?.mean_km, 2)], [share(loc.before?.within_share), share(loc.after?.within_share)]];
    check(JSON.stringify(ba.map((r) => r.map(ws))) === JSON.stringify(wantBa.map((r) => r.map(ws))), `Planering: before and after as the API's (${JSON.stringify(ba)})`);
    const opens = await page.inputValue('.pl-opens');
    check(opens === '2026-01-01', `Planering: the scenario opens by default on 1 January two years on (${opens})`);
    const [made] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/planning/scenarios' && r.request().method() === 'POST'),
      page.click('.pl-make-scenario'),
    ]);
    const scenario = await made.json().catch(() => null);
    if (scenario?.id) madeIds.push(scenario.id);
    await page.waitForSelector('.pl-scenario-made, .pl-scenario-form .error');
    const offered = await page.locator('.pl-scenario option').evaluateAll((os) => os.map((o) => o.value));
    const chosen = await page.inputValue('.pl-scenario');
    const listed = (await api(base, 'planning')).scenarios.map((s) => s.id);
    check(made.status() === 201 && scenario?.id && offered.includes(scenario.id) && chosen === scenario.id && listed.includes(scenario.id),
      `Planering: "Gör till scenario" makes ${scenario?.id} (${made.status()}), listed by the API and chosen in the run form (${offered.length} scenarios)`);

    // 9. Axe and the widths.
    await axe(page, 'Planering');
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      await fitsWidth(page, width, 'Planering');
      const faults = await page.evaluate(() => {
        const out = [];
        for (const table of document.querySelectorAll('#main table')) {
          const wrap = table.closest('.table-wrap');
          if (!wrap || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
          if (wrap.getAttribute('role') !== 'region' || wrap.tabIndex !== 0 || !(wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby'))) out.push(table.className);
        }
        const map = document.querySelector('svg.pl-map')?.getBoundingClientRect();
        if (map && map.right > window.innerWidth) out.push(`map to ${Math.round(map.right)}`);
        const plot = document.querySelector('.pl-chart .uplot')?.getBoundingClientRect();
        if (plot && plot.right > window.innerWidth) out.push(`chart to ${Math.round(plot.right)}`);
        return out;
      });
      check(faults.length === 0, `Planering at ${width} px: tables scroll in named focusable regions, the map and the chart fit${faults.length ? ` (${faults.join('; ')})` : ''}`);
      await shot(page, `17-planering-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // 10. No reading of the runs once the page is left.
    const leaving = await startRun(page, 'baseline', { ...small, runs: 3 });
    await page.waitForTimeout(1500);
    await h.noReady(page);
    await page.evaluate(() => { location.hash = '#/oversikt?lang=sv'; });
    await h.ready(page);
    const left = Date.now();
    await page.waitForTimeout(2500);
    const after = runPolls.filter((t) => t > left + 300).length;
    check(after === 0, `Planering: once the page is left it reads the runs no more (${after} GET /api/planning/runs in 2,5 s after)`);
    if (leaving.run?.id !== undefined) {
      await fetch(`${base}/api/planning/runs/cancel?lang=sv`, { method: 'POST', headers: { ...h.authorization(), 'Content-Type': 'application/json' }, body: JSON.stringify({ id: leaving.run.id }) });
    }

    // 11. A reader: the runs, no form, no buttons; refused if tried.
    await switchUser(page, base, h, users.reader, hash);
    check(hashOf(page).startsWith('#/planering'), `the reader lands on Planering (${hashOf(page)})`);
    const readerView = await page.evaluate(() => ({
      form: document.querySelectorAll('.pl-run-form, .pl-start').length,
      cancel: document.querySelectorAll('.pl-cancel').length,
      rows: document.querySelectorAll('.pl-runs tbody tr').length,
      note: document.querySelector('.pl-read-only')?.textContent ?? '',
    }));
    const readerPl = await page.evaluate(async () => (await (await fetch('/api/planning?lang=sv')).json()).may_run);
    check(readerView.form === 0 && readerView.cancel === 0 && readerView.rows >= 3 && readerPl === false && readerView.note.includes('läsare'),
      `Planering as a reader: the ${readerView.rows} runs, no Starta or Avbryt (${readerView.form} + ${readerView.cancel}), may_run ${readerPl}, "${readerView.note}"`);
    const tries = [
      await postFromPage(page, 'planning/runs', { scenario: 'baseline', first_year: 2025, last_year: 2025, runs: 1, scale: 0.05 }),
      await postFromPage(page, 'planning/runs/cancel', { id: id1 }),
    ];
    check(tries.every((r) => r.status === 403), `Planering as a reader: starting and cancelling are refused 403 (${tries.map((r) => `${r.status} ${r.body?.error?.code}`).join(', ')})`);
    await page.waitForSelector('svg.pl-map');
    await page.click('.pl-propose');
    await page.waitForSelector('.pl-proposal-table, .pl-locate .error', { timeout: runWaitMs });
    check((await page.locator('.pl-make-scenario').count()) === 0 && (await page.locator('.pl-proposal-table').count()) === 1,
      'Planering as a reader: a proposal is shown but not offered as a scenario');
    await axe(page, 'Planering (reader)');
    await shot(page, '17-planering-reader');
    await switchUser(page, base, h, users.controller, hash);

    // 12. In English.
    await go(page, base, '#/planering?lang=en');
    const enHeads = (await page.locator('.pl-section > h2').allTextContents()).map(ws);
    const enState = norm(await page.locator(`.pl-runs tr[data-run="${id1}"] .pl-state`).textContent());
    check(norm(await page.locator('#main h1').textContent()) === 'Planning to 2030' && enHeads.includes('Run a scenario') && enHeads.includes('Compare scenarios') && enState === 'Done',
      `Planering in English: ${enHeads.join(' | ')}; the baseline "${enState}"`);
    await go(page, base, hash);
  } finally {
    page.off('request', onRequest);
    // The scenario file the test made (POST /api/planning/scenarios writes it into the
    // configuration's scenarios/ folder) is removed; nothing else there is touched.
    for (const id of madeIds) {
      const f = `${id}.toml`;
      if (/^[A-Za-z0-9_-]+$/.test(id) && !scenarioFiles.has(f)) fs.rmSync(path.join(scenarioDir, f), { force: true });
    }
  }
  console.log(`     (Planering's flow took ${Math.round((Date.now() - started) / 1000)} s)`);
}
