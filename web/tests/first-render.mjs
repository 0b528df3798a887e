// Measures how fast the overview first renders against a running `nara serve`:
// a fresh browser context per visit (nothing cached), the time from navigation start
// until the scorecard is on the page. Prints each visit and the median; not a test.
// A database server answers signed-in users only: give a bearer token (`nara user
// token`), sent with every request of the visit.
//
//   node web/tests/first-render.mjs http://127.0.0.1:8080 [visits] [token]
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const visits = Number(process.argv[3] ?? 14);
const token = process.argv[4] ?? '';
const periods = ['2024-T1', '2024-T2', '2024-03', '2024-YTD-06', 'R12-2024-06', '2023-T3', '2024-Q3'];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const times = [];
for (let i = 0; i < visits; ++i) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const page = await context.newPage();
  await page.goto(`${base}/#/oversikt?period=${periods[i % periods.length]}`);
  await page.waitForSelector('#main[data-ready] table.score-table');
  times.push(Math.round(await page.evaluate(() => performance.now())));
  await context.close();
}
await browser.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(`first render (ms): ${times.join(' ')}; median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted[sorted.length - 1]}`);
