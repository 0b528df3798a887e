// Browser tests of nara's pages: starts `nara serve` on a fresh database in a
// temporary folder, fills it with the example extract through the API (all but
// phone_calls.csv, which a test uploads through the page), and drives Debian's
// Chromium with playwright-core through the flows of the web app. Every page gets
// an axe-core run (no serious or critical WCAG 2.1 A/AA violations allowed) and a
// screenshot in the output folder.
//
//   node web/tests/browser.mjs --nara build/debug/apps/nara [--out DIR] [--web web/dist]
//
// Exit code 0 when every check passed; the failures are listed otherwise.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const repo = path.resolve(webDir, '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const naraBin = arg('nara', path.join(repo, 'build/debug/apps/nara'));
const outDir = path.resolve(arg('out', path.join(webDir, 'test-results')));
const distDir = path.resolve(arg('web', path.join(webDir, 'dist')));
const browserPath = arg('chromium', '/usr/bin/chromium');
const example = path.join(repo, 'data/example');
const config = path.join(repo, 'data/halland');

const failures = [];
const figures = {};
function check(ok, what) {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    console.log(`FAIL ${what}`);
    failures.push(what);
  }
}

// --- the server ------------------------------------------------------------------------

function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(naraBin, ['serve', '--db', db, '--port', '0', '--web', distDir, '--config', config, '--threads', '16'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`nara serve did not start: ${out}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.stderr.on('data', (d) => process.stderr.write(`[nara] ${d}`));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nara serve exited with ${code}: ${out}`));
    });
  });
}

async function uploadFile(base, file, name) {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)]), name ?? path.basename(file));
  const res = await fetch(`${base}/api/import`, { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
}

async function api(base, route) {
  const res = await fetch(`${base}/api/${route}`);
  return res.json();
}

// --- formatting as the pages do (Swedish) --------------------------------------------------

function fmtNumber(v, decimals) {
  if (v === null || v === undefined) return '–';
  return new Intl.NumberFormat('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}
const suffix = { percent: '\u00a0%', minutes: '\u00a0min', months: '\u00a0mån', mnkr: '\u00a0Mnkr' };
function fmtValue(v, display, decimals) {
  if (v === null || v === undefined) return '–';
  return fmtNumber(v, display === 'count' ? 0 : decimals) + (suffix[display] ?? '');
}
function fmtCount(v) {
  if (v === null || v === undefined) return '–';
  return fmtNumber(v, Number.isInteger(v) ? 0 : 1);
}
const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// --- page helpers ------------------------------------------------------------------------

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function ready(page) {
  await page.waitForSelector('#main[data-ready]', { timeout: 20000 });
}

async function go(page, base, hash) {
  await page.goto(`${base}/${hash}`);
  await ready(page);
}

async function navigate(page, hash) {
  await page.evaluate((h) => {
    document.querySelector('#main')?.removeAttribute('data-ready');
    location.hash = h;
  }, hash);
  await ready(page);
}

async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) {
    console.log(`  axe ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`);
  }
  const minor = result.violations.length - serious.length;
  check(serious.length === 0, `axe: no serious violations on ${name}${minor ? ` (${minor} minor/moderate)` : ''}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

// --- the flows ---------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(path.join(distDir, 'index.html'))) throw new Error(`no built pages in ${distDir} (npm run build in web/)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-browser-'));
  const { child, base } = await startServer(path.join(tmp, 'nara.db'));
  let browser;
  try {
    for (const f of fs.readdirSync(example).sort()) {
      if (!f.endsWith('.csv') || f === 'phone_calls.csv') continue;
      const r = await uploadFile(base, path.join(example, f));
      if (r.status !== 201) throw new Error(`seeding ${f}: ${JSON.stringify(r.body)}`);
    }
    const info = await api(base, 'info');
    const units = await api(base, 'units');
    const byId = new Map(units.units.map((u) => [u.id, u]));

    browser = await chromium.launch({
      executablePath: browserPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    page.on('pageerror', (e) => check(false, `no script error in the page: ${e.message}`));

    // 1. Overview, and how fast it first renders.
    await page.goto(`${base}/`);
    await ready(page);
    const firstRender = await page.evaluate(() => performance.now());
    figures.overview_first_render_ms = Math.round(firstRender);
    // A figure for the report, not a check: timing depends on the machine's load.
    console.log(`     overview first render: ${Math.round(firstRender)} ms after navigation start`);
    check((await page.locator('h1').textContent()).includes('Översikt'), 'overview heading in Swedish');
    check((await page.locator('table.score-table').count()) === info.perspectives.length, 'one scorecard table per perspective');
    check((await page.locator('.status').first().textContent()).trim().length > 1, 'status shown with text');
    const footer = await page.locator('#site-footer').textContent();
    check(info.config_version !== null && footer.includes(`konfigurationsversion ${info.config_version}`),
      `footer names the configuration version (${footer})`);
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'first Tab reaches the skip link');
    await axe(page, 'Översikt');
    await shot(page, '1-oversikt');

    // 2. Change the period (tertial 2) and the unit (Varberg, through the tree's search).
    await page.selectOption('.period-picker select >> nth=0', 'tertial');
    await ready(page);
    await page.selectOption('.period-picker select >> nth=2', '2');
    await ready(page);
    check(page.url().includes('period=2024-T2'), 'period picker sets 2024-T2');
    check((await page.locator('h1').textContent()).includes('tertial 2 2024'), 'heading names tertial 2 2024');
    await page.click('.unit-trigger');
    await page.fill('.unit-panel input[type=search]', 'Varberg');
    await page.click('.unit-panel button[data-unit="vc_varberg"]');
    await ready(page);
    check(page.url().includes('unit=vc_varberg'), 'unit picker sets vc_varberg');
    const card = await api(base, 'scorecard?period=2024-T2&unit=vc_varberg');
    let same = 0;
    for (const r of card.rows) {
      const shown = norm(await page.locator(`tr[data-indicator="${r.indicator}"] td.value`).textContent());
      if (shown === norm(fmtValue(r.value, r.display, r.decimals))) same++;
      else console.log(`  ${r.indicator}: page ${shown} api ${fmtValue(r.value, r.display, r.decimals)}`);
    }
    check(same === card.rows.length, `overview values equal the API for vc_varberg 2024-T2 (${same}/${card.rows.length})`);
    await page.click('.unit-trigger');
    await shot(page, '2-oversikt-varberg-tree');
    await page.keyboard.press('Escape');

    // Keyboard only: the unit picker opens with Enter, the search takes the typing,
    // Down reaches the first match and Enter chooses it.
    await page.focus('.unit-trigger');
    await page.keyboard.press('Enter');
    check(await page.evaluate(() => document.activeElement?.getAttribute('type') === 'search'), 'unit picker opens on Enter with focus in its search');
    await page.keyboard.type('Kungsbacka');
    await page.keyboard.press('ArrowDown');
    await page.evaluate(() => document.querySelector('#main')?.removeAttribute('data-ready'));
    await page.keyboard.press('Enter');
    await ready(page);
    check(page.url().includes('unit=vc_kungsbacka'), 'unit chosen with the keyboard alone');

    // 3. Drill down from the administration to a health centre on the unit page.
    const chain = [];
    for (let u = byId.get('vc_varberg'); u; u = u.parent ? byId.get(u.parent) : undefined) chain.unshift(u.id);
    const from = chain.indexOf(info.administration);
    await go(page, base, `#/enhet/${info.administration}?period=2024-T1&unit=${info.administration}`);
    for (const id of chain.slice(from + 1)) {
      await page.evaluate(() => document.querySelector('#main')?.removeAttribute('data-ready'));
      await page.click(`.child-table a[data-unit="${id}"]`);
      await ready(page);
    }
    const h1 = await page.locator('h1').textContent();
    check(h1.includes(byId.get('vc_varberg').name), `drill-down reaches ${byId.get('vc_varberg').name}`);
    check((await page.locator('.breadcrumbs a').count()) >= 2, 'breadcrumbs lead back up the tree');
    await axe(page, 'Enhet');
    await shot(page, '3-enhet');

    // 4. Indicator page: the figures against the API.
    await go(page, base, '#/indikator/assessment_3_days?period=2024-T1&unit=vc_kungsbacka');
    const series = await api(base, 'series?indicator=assessment_3_days&unit=vc_kungsbacka&year=2024');
    const ind = series.indicator;
    let rowsOk = 0;
    for (const m of series.months) {
      const row = page.locator(`tr[data-month="${m.month}"]`);
      const got = {
        value: norm(await row.locator('[data-col=value]').textContent()),
        numerator: norm(await row.locator('[data-col=numerator]').textContent()),
        denominator: norm(await row.locator('[data-col=denominator]').textContent()),
        n: norm(await row.locator('[data-col=n]').textContent()),
      };
      const want = {
        value: norm(fmtValue(m.value, ind.display, ind.decimals)),
        numerator: norm(fmtCount(m.numerator)),
        denominator: norm(fmtCount(m.denominator)),
        n: norm(fmtCount(m.n)),
      };
      if (JSON.stringify(got) === JSON.stringify(want)) rowsOk++;
      else console.log(`  ${m.month}: page ${JSON.stringify(got)} api ${JSON.stringify(want)}`);
    }
    check(rowsOk === 12 && series.months.some((m) => m.value !== null), `indicator monthly figures equal the API (${rowsOk}/12)`);
    const bd = await api(base, 'breakdown?indicator=assessment_3_days&unit=vc_kungsbacka&period=2024-T1');
    check(norm(await page.locator('.summary [data-col=value]').textContent()) === norm(fmtValue(bd.total.value, ind.display, ind.decimals)), 'indicator summary equals the API');
    check((await page.locator('.chart canvas').count()) > 0, 'trend chart drawn');
    await axe(page, 'Indikator');
    await shot(page, '4-indikator');

    // Breakdown sorting on the administration.
    await go(page, base, `#/indikator/visits_total?period=2024-T1&unit=${info.administration}`);
    await page.click('button[data-sort="value"]');
    const sortState = await page.locator('th[aria-sort]').getAttribute('aria-sort');
    check(sortState === 'descending', 'breakdown sorts by outcome (aria-sort descending)');

    // 5. A comment persists after a reload.
    await go(page, base, '#/indikator/phone_same_day?period=2024-T1&unit=vc_kungsbacka');
    const text = `Analys ${Date.now()}: fler samtal än vanligt i februari.`;
    await page.getByLabel('Analys').fill(text);
    await page.getByLabel('Namn').fill('Testare');
    await page.click('.comment-form button[type=submit]');
    await page.waitForSelector('.comment-form .form-status:text("Sparat")');
    await page.reload();
    await ready(page);
    await page.waitForSelector('.comment-text blockquote');
    check(norm(await page.locator('.comment-text blockquote p').textContent()) === norm(text), 'comment shown after a reload');

    // 6. Målstyrning.
    await go(page, base, '#/malstyrning?period=2024-T1');
    check((await page.locator('.focus-area').count()) > 0, 'plan shows focus areas');
    await axe(page, 'Målstyrning');
    await shot(page, '5-malstyrning');
    await page.screenshot({ path: path.join(outDir, '5-malstyrning-top.png') });

    // 7. A malformed upload shows its line-numbered error.
    const good = fs.readFileSync(path.join(example, 'phone_calls.csv'), 'utf8');
    const lines = good.split('\n');
    lines[2] = lines[2].replace(/\d{4}-\d{2}-\d{2}/, '2023-02-30');
    const before = await api(base, 'scorecard?period=2024-T1&unit=vc_kungsbacka');
    const phoneBefore = before.rows.find((r) => r.indicator === 'phone_same_day');
    await go(page, base, '#/import');
    await page.setInputFiles('input[type=file]', { name: 'phone_calls.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.click('.upload-form button[type=submit]');
    await page.waitForSelector('.upload-result .problems li');
    const problem = norm(await page.locator('.upload-result .problems li').first().textContent());
    check(/phone_calls\.csv, rad 3, kolumn \d+/.test(problem), `malformed upload shows its line: "${problem}"`);
    check(problem.includes('datumet finns inte'), `the problem is told in Swedish: "${problem}"`);
    await axe(page, 'Dataimport');
    await shot(page, '6-dataimport-fel');

    // 8. A good upload changes the scorecard.
    check(phoneBefore.value === null, 'phone_same_day has no value before phone_calls.csv is loaded');
    await page.setInputFiles('input[type=file]', { name: 'phone_calls.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click('.upload-form button[type=submit]');
    await page.waitForSelector('.upload-result .success');
    check((await page.locator('table.batches tbody tr').count()) === 15, 'batch history lists 15 batches');
    await shot(page, '7-dataimport-ok');
    await go(page, base, '#/oversikt?period=2024-T1&unit=vc_kungsbacka');
    const after = await api(base, 'scorecard?period=2024-T1&unit=vc_kungsbacka');
    const phoneAfter = after.rows.find((r) => r.indicator === 'phone_same_day');
    const shownAfter = norm(await page.locator('tr[data-indicator="phone_same_day"] td.value').textContent());
    check(phoneAfter.value !== null && shownAfter === norm(fmtValue(phoneAfter.value, phoneAfter.display, phoneAfter.decimals)),
      `scorecard shows the uploaded data (phone_same_day ${shownAfter})`);

    // 9. English.
    await page.click('#lang-switch');
    await ready(page);
    check((await page.locator('#site-nav').textContent()).includes('Overview'), 'English switch changes the menu');
    check((await page.getAttribute('html', 'lang')) === 'en', 'html lang follows the language');
    await axe(page, 'Overview (English)');
    await shot(page, '8-overview-english');
    await page.click('#lang-switch');
  } finally {
    if (browser) await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .then(() => {
    fs.writeFileSync(path.join(outDir, 'figures.json'), JSON.stringify(figures, null, 1));
    console.log(`screenshots in ${outDir}`);
    if (failures.length) {
      console.log(`${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
      process.exit(1);
    }
    console.log('all browser checks passed');
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
