// Browser checks of issue 15's follow-up paths (the controller's and the unit manager's),
// called from browser.mjs's main() with the page (signed in as the controller), the
// server's base URL and the test's helpers in one object:
//   { check, go, ready, noReady, axe, shot, api, fitsWidth, norm, users, signInAs,
//     signOut, download, parseCsv, fmtValue, outDir }
// Each function writes through the pages as a user would and compares what is shown
// with the API; each leaves the page signed in as the controller.

import { postFromPage, switchUser } from './session.mjs';

const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);

// 1. Målstyrning: an assessment beside the computed status. As the controller: a status
// other than the computed one without a justification shows the server's message; with
// one it is saved, its badge and history shown, and it is in the goals CSV. A unit
// manager is offered the form for Varberg, not for Kungsbacka; a reader reads only.
export async function assessments(page, base, h) {
  const { check, go, axe, shot, api, norm } = h;
  const unit = 'vc_varberg';
  const period = '2024-T3';
  const goals = await api(base, `goals?period=${period}&unit=${unit}`);
  const goal = goals.goals.find((g) => g.kind === 'goal' && ['met', 'near', 'not_met'].includes(g.status));
  const other = goal.status === 'not_met' ? 'near' : 'not_met';
  const hash = `#/malstyrning?period=${period}&unit=${unit}`;
  await go(page, base, hash);
  const box = page.locator(`article[data-goal="${goal.id}"] > .goal-head .assessment`);
  await box.locator('.assess-disclosure > summary').click();
  const form = box.locator('.assessment-form');
  await form.getByLabel('Bedömd status').selectOption(other);
  const label = norm(await form.locator('label[for]').nth(2).textContent());
  const help = norm(await form.locator('.field-wide p').textContent());
  check(label === 'Motivering (krävs)' && help.includes(`(${goal.status_text})`),
    `assessment form: choosing ${other} against the computed ${goal.status} marks the justification required and names the computed status ("${label}"; "${help}")`);
  await form.getByLabel('Ansvarig').fill('Anna Ansvarig');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/assessments?') && r.request().method() === 'POST'),
    form.locator('button[type=submit]').click(),
  ]);
  const refusedBody = await refused.json();
  await form.locator('.form-status [role=alert]').waitFor();
  const shown = norm(await form.locator('.form-status').textContent());
  const focusInvalid = await page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA' && document.activeElement.getAttribute('aria-invalid') === 'true');
  check(refused.status() === 400 && refusedBody.error?.code === 'justification_required' && shown.includes(norm(refusedBody.error.message)) && focusInvalid,
    `assessment without justification: the server's 400 ${refusedBody.error?.code} message is shown ("${shown}"), the focus in the justification`);
  await axe(page, 'Målstyrning (bedömning utan motivering)');
  const why = `Bedömd ${other} efter genomgång ${Date.now()}`;
  await form.getByLabel(/^Motivering/).fill(why);
  await form.locator('button[type=submit]').click();
  await form.locator('.form-status:text("Sparat")').waitFor();
  const stored = (await api(base, `assessments?unit=${unit}&period=${period}`)).assessments.find((a) => a.goal_id === goal.id);
  const badge = norm(await box.locator('.assessed-badge').textContent()).replace(/^\S+ /, '');
  const facts = norm(await box.locator('.assessment-facts').textContent());
  check(stored?.status === other && stored.justification === why && badge === `Bedömd: ${stored.status_text}` &&
    facts.includes('Ansvarig: Anna Ansvarig') && facts.includes(why) && facts.includes(`Bedömd av kontroller, ${stored.updated_at}`),
    `the saved assessment is shown beside the computed status as the API has it ("${badge}"; "${facts.slice(0, 80)}…")`);
  check(norm(await page.locator(`article[data-goal="${goal.id}"] > .goal-head > .goal-status .status`).textContent()).endsWith(goal.status_text),
    'the computed status badge stays beside the assessment');
  // A second assessment: the history lists both, oldest first.
  await form.getByLabel('Ansvarig').fill('Bo Ansvarig');
  await form.locator('button[type=submit]').click();
  await box.locator('.assessment-facts:has-text("Bo Ansvarig")').waitFor();
  await box.locator('details.history > summary').click();
  await box.locator('.history-list [data-version="2"]').waitFor();
  const versions = await box.locator('.history-list [data-version]').evaluateAll((els) => els.map((e) => e.getAttribute('data-version')));
  const history = (await api(base, `assessments/history?goal_id=${goal.id}&unit=${unit}&period=${period}`)).versions;
  check(JSON.stringify(versions) === JSON.stringify(history.map((v) => String(v.version))) && history.length === 2 && history[1].responsible === 'Bo Ansvarig',
    `"Historik" lists the assessment's versions as the API (${versions.join(', ')})`);
  await axe(page, 'Målstyrning (bedömning och historik)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await h.fitsWidth(page, width, `goals page with an assessment form open (${width} px)`);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${h.outDir}/15-bedomning-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The goals CSV carries the assessment: status, justification and responsible.
  const csv = await h.download(page, '.goals-actions .download-csv', h.outDir);
  const records = h.parseCsv(csv.bytes.toString('utf8').replace(/^\ufeff/, '')).filter((r) => r.length > 1);
  const header = records[0];
  const col = (name) => header.indexOf(name);
  const plan = await api(base, 'plan?year=2024');
  const goalText = plan.focus_areas.flatMap((fa) => fa.goals).find((g) => g.id === goal.id).text;
  const rows = records.slice(1).filter((r) => r[col('Planens mål')] === goalText);
  check(col('Målets bedömning') > 0 && rows.length > 0 &&
    rows.every((r) => r[col('Målets bedömning')] === stored.status_text && r[col('Målets motivering')] === why && r[col('Målets ansvarig')] === 'Bo Ansvarig'),
    `the goals CSV holds the goal's assessment: status, justification, responsible (${rows.length} rows; ${header.slice(-6).join(' | ')})`);

  // A unit manager of Varberg: the form for Varberg, none for Kungsbacka (and the
  // server refuses it there); a reader: the assessment without a form.
  await switchUser(page, base, h, h.users.manager, hash);
  check((await page.locator('.assess-disclosure').count()) > 0 && (await box.locator('.assessed-badge').count()) === 1,
    `a unit manager of Varberg is offered the assessment form on Varberg's goals (${await page.locator('.assess-disclosure').count()} forms)`);
  await go(page, base, `#/malstyrning?period=${period}&unit=vc_kungsbacka`);
  check((await page.locator('.assess-disclosure, .assessment-form').count()) === 0, 'a unit manager is offered no assessment form for Kungsbacka');
  const refusedUnit = await postFromPage(page, 'assessments', { goal_id: goal.id, unit: 'vc_kungsbacka', period, status: goal.status, justification: '', responsible: '' });
  check(refusedUnit.status === 403, `API: a unit manager's assessment of Kungsbacka is refused (${refusedUnit.status} ${refusedUnit.body.error?.code})`);
  await switchUser(page, base, h, h.users.reader, hash);
  const readerBadge = norm(await box.locator('.assessed-badge').textContent().catch(() => '')).replace(/^\S+ /, '');
  check((await page.locator('.assess-disclosure, .assessment-form').count()) === 0 && readerBadge === `Bedömd: ${stored.status_text}`,
    `a reader sees the assessment ("${readerBadge}") and no form`);
  await axe(page, 'Målstyrning (läsare, bedömning)');
  await shot(page, '15-bedomning-lasare');
  await switchUser(page, base, h, h.users.controller, hash);
  check(hashOf(page) === hash, 'signed in as the controller again');
}

// Writes the analysis on the indicator page shown (its form is open there) and waits
// for "Sparat".
async function writeAnalysis(page, text) {
  const form = page.locator('.comment-box > .comment-form');
  await form.locator('textarea').fill(text);
  await form.locator('button[type=submit]').click();
  // The answer: "Sparat", or the server's refusal told in the form.
  const status = form.locator('.form-status');
  await page.waitForFunction((el) => el.textContent.trim() !== '', await status.elementHandle());
  const said = (await status.textContent()).trim();
  if (said !== 'Sparat') throw new Error(`saving the analysis "${text}" was answered "${said}"`);
}

// 2. Analysis that travels: a text written for 2024-T3 is shown on the 2024-T1 view of
// the same indicator and unit, labelled "Skriven för 2024-T3", with its versions after
// an edit; a text removed shows its removal as a version "borttagen"; the overview
// marks the indicators with an analysis of the year ("Analys finns").
export async function analysisTravels(page, base, h) {
  const { check, go, axe, shot, api, norm } = h;
  const ind = 'assessment_3_days';
  const unit = 'vc_varberg';
  await go(page, base, `#/indikator/${ind}?period=2024-T3&unit=${unit}`);
  const first = `T3-analys ${Date.now()}: färre bedömningar i augusti.`;
  const second = `${first} Rättad: semesterperioden förklarar det.`;
  await writeAnalysis(page, first);
  await writeAnalysis(page, second);
  await go(page, base, `#/indikator/${ind}?period=2024-T1&unit=${unit}`);
  const item = page.locator('.analysis-item[data-period="2024-T3"]');
  await item.waitFor();
  const label = norm(await item.locator('.written-for').textContent());
  const text = norm(await item.locator('blockquote p').textContent());
  const year = await api(base, `comments?subject_kind=indicator&subject_id=${ind}&unit=${unit}&year=2024`);
  const t3 = year.comments.find((c) => c.period === '2024-T3');
  check(label === 'Skriven för 2024-T3' && text === norm(second) && t3?.text === second && t3.version === 2,
    `the 2024-T1 view shows the analysis written for 2024-T3, labelled "${label}" ("${text.slice(0, 40)}…", version ${t3?.version})`);
  check(norm(await page.locator('.comment-box > .comment-text').textContent()) === 'Ingen analys skriven för perioden.',
    'the 2024-T1 text of its own is still "Ingen analys skriven för perioden."');
  await item.locator('details.history > summary').click();
  await item.locator('.history-list [data-version="2"]').waitFor();
  const shownVersions = (await item.locator('.history-list [data-version]').allTextContents()).map(norm);
  const history = (await api(base, `comments/history?subject_kind=indicator&subject_id=${ind}&unit=${unit}&period=2024-T3`)).versions;
  check(shownVersions.length === history.length && history.length === 2 && shownVersions[0].includes(first) && shownVersions[1].includes(second),
    `its "Historik" lists both versions, oldest first, as the API (${shownVersions.length} shown)`);
  // A text written and removed for 2024-T1: the removal is a version marked "borttagen".
  await writeAnalysis(page, 'Skrivs och tas bort.');
  await writeAnalysis(page, '');
  const own = page.locator('.comment-box > details.history');
  await own.locator('summary').click();
  await own.locator('.history-list [data-version="2"]').waitFor();
  const removed = norm(await own.locator('.history-list [data-version="2"]').textContent());
  const t1History = (await api(base, `comments/history?subject_kind=indicator&subject_id=${ind}&unit=${unit}&period=2024-T1`)).versions;
  check(t1History[1]?.deleted === true && (await own.locator('[data-version="2"][data-deleted=true]').count()) === 1 && removed.includes('borttagen'),
    `a removed text is a version marked "borttagen" in its history ("${removed}")`);
  await axe(page, 'Indikator (analys från T3, historik)');
  await shot(page, '16-analys-t3-pa-t1');

  // The overview marks each indicator with an analysis written for the year.
  await go(page, base, `#/oversikt?period=2024-T1&unit=${unit}`);
  await page.locator(`tr[data-indicator="${ind}"] .analysis-marker`).waitFor();
  const all = (await api(base, `comments?subject_kind=indicator&unit=${unit}&year=2024`)).comments.filter((c) => c.text);
  const rowIds = await page.locator('tr[data-indicator]').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
  const want = [...new Set(all.map((c) => c.subject_id))].filter((id) => rowIds.includes(id)).sort();
  const marked = (await page.locator('tr[data-indicator]:has(.analysis-marker)').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')))).sort();
  const name = await page.locator(`tr[data-indicator="${ind}"] .analysis-marker`).getAttribute('aria-label');
  check(want.includes(ind) && JSON.stringify(marked) === JSON.stringify(want) && name === 'Analys finns',
    `the overview marks the indicators with an analysis of 2024 (${marked.join(', ')}; API ${want.join(', ')}), named "${name}"`);
  await axe(page, 'Översikt (analys finns)');
}

// 3. Actions under an analysis: added, changed, marked done and removed on the indicator
// page; the unit page lists them (open first, the overdue marked "Försenad"), each
// leading to its indicator's view.
export async function actions(page, base, h) {
  const { check, go, axe, shot, api, norm } = h;
  const ind = 'assessment_3_days';
  const unit = 'vc_varberg';
  const hash = `#/indikator/${ind}?period=2024-T1&unit=${unit}`;
  await go(page, base, hash);
  const block = page.locator('.comment-box > .actions-block');
  const add = async (what, responsible, due) => {
    const details = block.locator('details.add-action');
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    const form = details.locator('.action-form');
    await form.getByLabel('Åtgärd').fill(what);
    await form.getByLabel('Ansvarig').fill(responsible);
    await form.getByLabel('Klart senast').fill(due);
    await form.locator('button[type=submit]').click();
    await block.locator(`.action-list li:has-text("${what}")`).waitFor();
  };
  const stamp = Date.now();
  const late = `Ring upp väntande ${stamp}`;
  const later = `Utbilda sjuksköterskor ${stamp}`;
  const gone = `Tas bort ${stamp}`;
  await add(late, 'Anna', '2024-05-31');
  await add(later, 'Bo', '2099-12-31');
  await add(gone, 'Cecilia', '2024-06-30');
  const state = async (what) => norm(await block.locator(`.action-list li:has-text("${what}") .action-state`).textContent());
  check((await state(late)) === 'Försenad' && (await state(later)) === 'Öppen',
    `added actions are listed with their state: past due "${await state(late)}", later "${await state(later)}"`);
  // Change one, mark another done, remove the third (after the confirmation).
  await block.locator(`.action-list li:has-text("${later}") .action-change`).click();
  const editing = block.locator('.action-editing .action-form');
  await editing.getByLabel('Ansvarig').fill('Bo Bengtsson');
  await editing.locator('button[type=submit]').click();
  await block.locator(`.action-list li:has-text("Bo Bengtsson")`).waitFor();
  await block.locator(`.action-list li:has-text("${late}") .action-check`).check();
  await block.locator(`.action-list li.action-done:has-text("${late}")`).waitFor();
  await block.locator(`.action-list li:has-text("${gone}") .action-remove`).click();
  await page.locator('.confirm-dialog .confirm-ok').click();
  await block.locator(`.action-list li:has-text("${gone}")`).waitFor({ state: 'detached' });
  const stored = (await api(base, `actions?unit=${unit}`)).actions;
  const byWhat = (w) => stored.find((a) => a.what === w);
  check(byWhat(late)?.done === true && !!byWhat(late)?.done_at && (await state(late)) === 'Klar' && byWhat(later)?.responsible === 'Bo Bengtsson' && !byWhat(gone),
    `the API has the changes: done (${byWhat(late)?.done_at}), responsible changed, one removed (${stored.length} actions)`);
  await axe(page, 'Indikator (åtgärder)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await h.fitsWidth(page, width, `indicator page with actions (${width} px)`);
    await block.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${h.outDir}/17-atgarder-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // A third, overdue and open, for the unit page.
  const overdue = `Följ upp remisser ${stamp}`;
  await add(overdue, 'Dan', '2024-03-15');

  // The unit page of the area above: the actions of its units, open ones first.
  await go(page, base, `#/enhet/vch?period=2024-T1`);
  const listed = await api(base, 'actions?unit=vch&subtree=1');
  const rows = await page.locator('.unit-actions tr[data-action]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-action'))));
  check(rows.length > 0 && JSON.stringify(rows) === JSON.stringify(listed.actions.map((a) => a.id)),
    `the unit page of vch lists its units' actions in the API's order (${rows.length} rows)`);
  const doneAt = listed.actions.findIndex((a) => a.done);
  check(doneAt < 0 || listed.actions.slice(doneAt).every((a) => a.done), 'open actions come before the done ones');
  const overdueRow = page.locator(`.unit-actions tr[data-action="${listed.actions.find((a) => a.what === overdue)?.id}"]`);
  check(norm(await overdueRow.locator('.action-state').textContent()) === 'Försenad' && (await overdueRow.getAttribute('class')) === 'overdue',
    'an open action past its date is marked "Försenad" on the unit page');
  const doneRow = page.locator(`.unit-actions tr[data-action="${byWhat(late)?.id}"]`);
  check(norm(await doneRow.locator('.action-state').textContent()) === 'Klar', 'a done action says "Klar"');
  await axe(page, 'Enhet (åtgärder)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await h.fitsWidth(page, width, `unit page with actions (${width} px)`);
  }
  await page.locator('.unit-actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${h.outDir}/17-enhet-atgarder-1440.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
  await h.noReady(page);
  await overdueRow.locator('a').click();
  await h.ready(page);
  check(hashOf(page).startsWith(`#/indikator/${ind}?`) && hashOf(page).includes('period=2024-T1') && hashOf(page).includes(`unit=${unit}`),
    `an action's link leads to its indicator's view (${hashOf(page)})`);
  await shot(page, '17-atgard-lank');
}

// 4. The unit among its peers (indicator page and unit page): a bar per peer with a
// value, in the API's order, the unit's bar marked (bold name, patterned bar), the
// median as the API's; "Hela regionen" redraws it for the region; the table sorts and
// downloads.
export async function peers(page, base, h) {
  const { check, go, axe, api, norm, fmtValue } = h;
  const ind = 'assessment_3_days';
  const unit = 'vc_varberg';
  const period = '2024-T1';
  await go(page, base, `#/indikator/${ind}?period=${period}&unit=${unit}`);
  const section = page.locator('section.peers');
  const compare = async (scope, where) => {
    await page.locator(`section.peers[data-scope="${scope}"] .peer-bars`).waitFor();
    const p = await api(base, `peers?indicator=${ind}&period=${period}&unit=${unit}&scope=${scope}`);
    const valued = p.peers.filter((r) => r.value !== null);
    const bars = await section.locator('.peer-row').evaluateAll((els) => els.map((e) => ({ unit: e.getAttribute('data-unit'), value: Number(e.getAttribute('data-value')), mine: e.classList.contains('is-unit') })));
    const mine = bars.filter((b) => b.mine);
    const weight = await section.locator('.peer-row.is-unit .peer-name').evaluate((e) => Number(getComputedStyle(e).fontWeight));
    check(bars.length === p.count && bars.length === valued.length && JSON.stringify(bars.map((b) => b.unit)) === JSON.stringify(valued.map((r) => r.unit.id)) &&
      mine.length === 1 && mine[0].unit === unit && weight >= 700,
      `${where}: ${bars.length} bars as /api/peers (count ${p.count}, best first), the unit's bar marked and its name bold (${weight})`);
    const decimals = Math.max(p.indicator.display === 'count' ? 0 : p.indicator.decimals, ...valued.map((r) => r.decimals));
    const median = section.locator('.peer-median-value');
    const medianText = norm(await median.textContent());
    check(Number(await median.getAttribute('data-value')) === p.median && medianText === norm(fmtValue(p.median, p.indicator.display, decimals)),
      `${where}: the median shown is the API's (${medianText}; ${p.median})`);
    const rank = norm(await section.locator('.peers-rank').textContent());
    check(rank === `Plats ${p.rank} av ${p.count}`, `${where}: the unit's rank is told ("${rank}")`);
    check((await section.locator('.peers-table tbody tr').count()) === p.peers.length, `${where}: the table lists every peer (${p.peers.length}), those without a value too`);
    return p;
  };
  await compare('area', 'peers within the area');
  await section.getByLabel('Hela regionen').check();
  await compare('region', 'peers in the whole region');
  check(await page.evaluate(() => document.activeElement?.getAttribute('type') === 'radio' && document.activeElement.checked),
    'the scope choice keeps the focus on its radio button');
  await section.locator('button[data-sort="value"]').click();
  check((await section.locator('th[aria-sort]').getAttribute('aria-sort')) === 'descending', 'the peers table sorts by outcome');
  const csv = await h.download(page, 'section.peers .download-csv', h.outDir);
  const records = h.parseCsv(csv.bytes.toString('utf8').replace(/^\ufeff/, ''));
  check(csv.name === `nara-jamforelse-${ind}-${unit}-region-${period}.csv` && records.length - 1 === (await section.locator('.peers-table tbody tr').count()),
    `the peers table downloads as CSV (${csv.name}, ${records.length - 1} records)`);
  await axe(page, 'Indikator (jämförelse)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await h.fitsWidth(page, width, `indicator page with peers (${width} px)`);
    await section.locator('.peers-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${h.outDir}/18-jamforelse-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The unit page: the peers of a chosen indicator.
  await go(page, base, `#/enhet/${unit}?period=${period}`);
  await page.locator('.unit-peers select').selectOption(ind);
  await page.locator('.unit-peers .apply-choice').click();
  await page.locator(`.unit-peers section.peers[data-indicator="${ind}"][data-scope="area"] .peer-bars`).waitFor();
  const p = await api(base, `peers?indicator=${ind}&period=${period}&unit=${unit}`);
  const bars = await page.locator('.unit-peers .peer-row').count();
  check(bars === p.count && (await page.locator('.unit-peers .peer-row.is-unit').getAttribute('data-unit')) === unit,
    `the unit page shows the unit among its peers for the indicator chosen (${bars} bars)`);
  await axe(page, 'Enhet (jämförelse)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await h.fitsWidth(page, width, `unit page with peers (${width} px)`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// 5. The trend over the plan years: the chart of every month, and the same period each
// year with the API's value, target and status.
export async function trend(page, base, h) {
  const { check, go, axe, api, norm, fmtValue } = h;
  const ind = 'assessment_3_days';
  const unit = 'vc_varberg';
  const period = '2024-T1';
  await go(page, base, `#/indikator/${ind}?period=${period}&unit=${unit}`);
  await page.locator('.trend-years tr[data-year]').first().waitFor();
  const tr = await api(base, `trend?indicator=${ind}&period=${period}&unit=${unit}`);
  const rows = await page.locator('.trend-years tr[data-year]').evaluateAll((els) => els.map((e) => ({
    year: Number(e.getAttribute('data-year')),
    value: e.querySelector('[data-col=value]')?.textContent ?? '',
    target: e.querySelector('.target-text')?.textContent ?? '',
    status: e.querySelector('[data-col=status]')?.getAttribute('data-status'),
  })));
  const wrong = tr.years.filter((y, i) => !rows[i] || rows[i].year !== y.year || norm(rows[i].value) !== norm(fmtValue(y.value, tr.indicator.display, y.decimals)) ||
    norm(rows[i].target) !== norm(y.target_text || '–') || rows[i].status !== y.status);
  check(rows.length === tr.years.length && tr.years.length >= 3 && wrong.length === 0,
    `the same period each year equals /api/trend (${rows.map((r) => `${r.year}: ${norm(r.value)}`).join(', ')})`);
  const caption = norm(await page.locator('.trend-chart figcaption').textContent());
  const from = tr.months[0].month.slice(0, 4);
  const to = tr.months[tr.months.length - 1].month.slice(0, 4);
  check((await page.locator('.trend-chart canvas').count()) > 0 && caption.includes(`${from}–${to}`) && tr.months.length === 12 * (Number(to) - Number(from) + 1),
    `the trend chart is drawn for every month ${from}–${to} (${tr.months.length} months: "${caption}")`);
  await axe(page, 'Indikator (utveckling över åren)');
  await page.locator('.trend-years').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${h.outDir}/19-utveckling.png` });
}
