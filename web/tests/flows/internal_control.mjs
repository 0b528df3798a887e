// Browser checks of Intern kontroll (issue 16), called from browser.mjs (flowGroups) with
// the page signed in as the controller, the server's base URL and the test's helpers:
//   { check, go, ready, noReady, axe, shot, api, fitsWidth, norm, users, signInAs,
//     signOut, download, parseCsv, fmtValue, outDir, authorization, repo, example, config }
// As the controller: the register CSV (data/halland/internal_control_2024.csv; until it
// exists a small one of the test's own) imported through the page, its counts compared
// with a count of the file's own rows; a broken file's problems shown with their lines;
// the matrix, the risks, the control plan and the follow-up against the API; a risk and
// a control added, a result refused without its text (text_required shown, the focus in
// the text) and then saved; the risk removed after a cancelled and a confirmed
// confirmation. As a reader: no forms, and 403 from the API when tried. Leaves the page
// signed in as the controller.
import fs from 'node:fs';
import path from 'node:path';
import { postFromPage, switchUser } from './session.mjs';

const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);
const ws = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// The test's own register, used while the example file has not been written.
const ownRegister = [
  'risk_title;unit_id;risk_description;probability;consequence;owner;board_prioritised;control_what;control_how;frequency;responsible;result_T1;text_T1;result_T2;text_T2;result_T3;text_T3',
  'Kompetensförsörjning av läkare;nsh;Vakanta läkartjänster;4;3;Förvaltningschef;ja;Uppföljning av bemanning per enhet;Genomgång av bemanningsplaner;tertial;HR-chef;done;;deviation;Två vakanser kvarstår i Halmstad;;',
  'Kompetensförsörjning av läkare;nsh;Vakanta läkartjänster;4;3;Förvaltningschef;ja;Rekryteringsplan;Granskning av planen;yearly;HR-chef;;;;;;',
  'Felaktig vårdpeng;vch;Listningar som inte stämmer;2;3;Ekonomichef;nej;Avstämning beräknad mot bokförd vårdpeng;Jämförelse per vårdcentral;monthly;Controller;done;;not_done;Systemet nere i juni;;',
  'Brister i läkemedelshantering;ftv;Rutiner följs inte;3;4;Områdeschef;nej;Egenkontroll av läkemedelsförråd;Stickprov;tertial;Medicinskt ansvarig;deviation;Två avvikelser;;;;',
].join('\n') + '\n';

// What a register file holds, counted from the file itself (lines starting with # are
// comments): risks (distinct title and unit), controls (rows), results (non-empty result_T*).
function countRegister(text) {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const sep = lines[0].includes(';') ? ';' : ',';
  const head = lines[0].split(sep);
  const rows = lines.slice(1).map((l) => l.split(sep));
  const at = (n) => head.indexOf(n);
  const risks = new Set(rows.map((r) => `${r[at('risk_title')]}|${r[at('unit_id')]}`));
  const results = rows.reduce((s, r) => s + ['result_T1', 'result_T2', 'result_T3'].filter((c) => (r[at(c)] ?? '').trim()).length, 0);
  return { risks: risks.size, controls: rows.length, results };
}

// Sends a form of the page and waits for its POST's answer and the page after it.
async function sendForm(page, form, route) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/internal-control/${route}`) && r.request().method() === 'POST'),
    form.locator('button[type=submit]').click(),
  ]);
  let body = null;
  try { body = await res.json(); } catch { /* none */ }
  return { status: res.status(), body };
}

const freqWord = { monthly: 'månadsvis', tertial: 'per tertial', yearly: 'årligen' };
const outcomeWord = { done: 'Genomförd', deviation: 'Avvikelse', not_done: 'Ej genomförd' };

export async function internalControl(page, base, h) {
  const { check, go, axe, shot, api, fitsWidth, norm, download, parseCsv, outDir, repo, users } = h;
  const year = 2024;
  const hash = `#/intern-kontroll?year=${year}`;
  const probe = await fetch(`${base}/api/internal-control?year=${year}&lang=sv`, { headers: h.authorization() });
  if (probe.status !== 200) {
    check(false, `Intern kontroll: GET /api/internal-control answers 200 (${probe.status}: the route has not landed?)`);
    return;
  }
  await go(page, base, hash);
  check(norm(await page.locator('#main h1').textContent()) === `Intern kontroll ${year}`, 'Intern kontroll: the heading names the year');
  check((await page.locator('#site-nav a[aria-current=page]').textContent()) === 'Intern kontroll', 'Intern kontroll: the menu marks the page');

  // 1. A broken register: the server's problems with their lines, nothing imported.
  const broken = ownRegister.replace(';4;3;Förvaltningschef;ja;Uppföljning', ';7;3;Förvaltningschef;ja;Uppföljning');
  const brokenFile = path.join(outDir, 'ic-broken.csv');
  fs.writeFileSync(brokenFile, broken);
  const importForm = page.locator('.ic-import-form');
  await page.locator('.ic-import > summary').click();
  await importForm.locator('input[type=file]').setInputFiles(brokenFile);
  await importForm.locator('input[name=replace]').check();
  const refused = await sendForm(page, importForm, 'import');
  await importForm.locator('.form-status [role=alert]').waitFor();
  const problems = refused.body?.error?.problems ?? refused.body?.problems ?? [];
  const shownProblems = (await importForm.locator('.ic-problems li').allTextContents()).map(norm);
  check(refused.status === 400 && problems.length >= 1 && shownProblems.length === problems.length && problems.every((p, i) => shownProblems[i].includes(`Rad ${p.line}`) && shownProblems[i].includes(norm(p.message))),
    `Intern kontroll: a register with probability 7 is refused (${refused.status}) and its problems shown with their lines (${shownProblems.join(' | ')})`);
  check(problems.some((p) => p.line === 2), `API internal-control/import: the problem is on line 2 of the file (${JSON.stringify(problems).slice(0, 200)})`);

  // 2. The register imported through the page.
  const example = path.join(repo, 'data/halland/internal_control_2024.csv');
  const haveExample = fs.existsSync(example);
  const registerFile = haveExample ? example : path.join(outDir, 'ic-register.csv');
  if (!haveExample) fs.writeFileSync(registerFile, ownRegister);
  check(haveExample, `Intern kontroll: the example register ${path.relative(repo, example)} exists (else the test's own is imported)`);
  const expected = countRegister(fs.readFileSync(registerFile, 'utf8'));
  await importForm.locator('input[type=file]').setInputFiles(registerFile);
  await importForm.locator('input[name=replace]').check();
  const imported = await sendForm(page, importForm, 'import');
  await page.locator('.ic-status .success').waitFor();
  const status = norm(await page.locator('.ic-status').textContent());
  check(imported.status === 200 && imported.body.risks === expected.risks && imported.body.controls === expected.controls && imported.body.results === expected.results,
    `API internal-control/import: ${imported.status}, ${imported.body?.risks} risks, ${imported.body?.controls} controls, ${imported.body?.results} results as counted in the file (${expected.risks}, ${expected.controls}, ${expected.results})`);
  check(status.includes(`${expected.risks} risker`) && status.includes(`${expected.controls} kontroller`) && (await page.evaluate(() => document.activeElement?.classList.contains('ic-status'))),
    `Intern kontroll: the page says what was imported, the focus on the message ("${status}")`);
  // Without replace=1 a second import is refused (409 register_exists).
  const again = await page.evaluate(async (text) => {
    const me = await (await fetch('/api/me?lang=sv')).json();
    const r = await fetch('/api/internal-control/import?year=2024&lang=sv', { method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': me.csrf_token }, body: text });
    return { status: r.status, body: await r.json() };
  }, fs.readFileSync(registerFile, 'utf8'));
  check(again.status === 409 && again.body.error?.code === 'register_exists', `API internal-control/import without replace on a year with a register: 409 register_exists (${again.status} ${again.body.error?.code})`);

  // 3. The page against the API.
  let reg = await api(base, `internal-control?year=${year}`);
  const risksOf = (r) => r.risks;
  check(reg.may_edit === true && reg.periods.join() === '2024-T1,2024-T2,2024-T3' && risksOf(reg).length === expected.risks,
    `API internal-control: may_edit for the controller, the year's three tertials, ${reg.risks.length} risks`);
  const sorted = [...reg.risks].sort((a, b) => b.risk_value - a.risk_value || a.id - b.id);
  check(reg.risks.every((r, i) => r.id === sorted[i].id && r.risk_value === r.probability * r.consequence),
    'API internal-control: risks highest risk value first, risk value = probability × consequence');
  const cells = await page.locator('.ic-matrix td.ic-cell').evaluateAll((tds) => tds.map((td) => ({
    p: Number(td.dataset.probability), c: Number(td.dataset.consequence), value: td.querySelector('.ic-cell-value')?.textContent ?? '',
    risks: [...td.querySelectorAll('li[data-risk]')].map((li) => Number(li.dataset.risk)),
  })));
  const cellBad = cells.filter((c) => !c.value.startsWith(String(c.p * c.c)) ||
    c.risks.sort().join() !== reg.risks.filter((r) => r.probability === c.p && r.consequence === c.c).map((r) => r.id).sort().join());
  check(cells.length === 16 && cellBad.length === 0, `Intern kontroll: the matrix has 16 cells, each naming its risk value and holding the API's risks (${cellBad.length} differ)`);
  const legend = (await page.locator('.ic-legend li').allTextContents()).map(norm);
  check(legend.length === 4 && legend[0].startsWith('låg'), `Intern kontroll: the matrix has a legend in words (${legend.join(' | ')})`);
  const riskRows = await page.locator('.ic-risk-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    id: Number(tr.dataset.risk),
    text: Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.dataset.col, c.textContent.replace(/\s+/g, ' ').trim()])),
    title: tr.querySelector('th')?.textContent.replace(/\s+/g, ' ').trim(),
  })));
  const riskBad = reg.risks.filter((r, i) => {
    const row = riskRows[i];
    return !row || row.id !== r.id || row.title !== `R${i + 1} ${r.title}` || row.text.area !== r.unit.name || row.text.probability !== String(r.probability) ||
      row.text.consequence !== String(r.consequence) || !row.text.risk_value.startsWith(String(r.risk_value)) || row.text.owner !== r.owner ||
      row.text.board !== (r.board_prioritised ? 'Ja' : 'Nej');
  });
  check(riskRows.length === reg.risks.length && riskBad.length === 0, `Intern kontroll: the risk table's ${riskRows.length} rows equal the API's (${riskBad.map((r) => r.id).join(', ')})`);
  const planRows = await page.locator('.ic-plan-table tr[data-control]').evaluateAll((trs) => trs.map((tr) => ({
    id: Number(tr.dataset.control),
    what: tr.querySelector('[data-col=what]')?.textContent.trim(),
    freq: tr.querySelector('[data-col=frequency]')?.textContent.trim(),
    responsible: tr.querySelector('[data-col=responsible]')?.textContent.trim(),
  })));
  const controls = reg.risks.flatMap((r) => r.controls);
  const planBad = controls.filter((c, i) => !planRows[i] || planRows[i].id !== c.id || planRows[i].what !== c.what || planRows[i].freq !== freqWord[c.frequency] || planRows[i].responsible !== c.responsible);
  check(planRows.length === controls.length && planBad.length === 0, `Intern kontroll: the control plan's ${planRows.length} controls equal the API's, frequency in Swedish (${planRows.map((p) => p.freq).filter((x, i, a) => a.indexOf(x) === i).join(', ')})`);
  const followCells = await page.locator('.ic-follow-table tr[data-control] td').evaluateAll((tds) => tds.map((td) => ({
    control: Number(td.closest('tr').dataset.control), period: td.dataset.period, outcome: td.dataset.outcome, text: td.textContent.replace(/\s+/g, ' ').trim(),
  })));
  const followBad = [];
  for (const c of controls) {
    for (const p of reg.periods) {
      const cell = followCells.find((x) => x.control === c.id && x.period === p);
      const res = c.results.find((x) => x.period === p);
      if (!cell) followBad.push(`${c.id} ${p} missing`);
      else if (res ? !(cell.outcome === res.outcome && cell.text.includes(outcomeWord[res.outcome]) && cell.text.includes(res.text)) : !cell.text.includes('ej rapporterad')) followBad.push(`${c.id} ${p}: ${cell.text}`);
    }
  }
  check(followCells.length === controls.length * 3 && followBad.length === 0, `Intern kontroll: the follow-up's T1–T3 cells (${followCells.length}) show the API's outcome word and text${followBad.length ? ` (${followBad.slice(0, 3).join('; ')})` : ''}`);
  check((await page.locator('.ic-outcome-icon').count()) === controls.reduce((s, c) => s + c.results.length, 0), 'Intern kontroll: each result has its icon beside its word');

  // The risk table's CSV read back.
  const d = await download(page, '.ic-risk-list .download-csv', outDir);
  const csv = parseCsv(d.bytes.toString('utf8').replace(/^\ufeff/, ''));
  const csvBad = reg.risks.filter((r, i) => {
    const rec = csv[i + 1] ?? [];
    return rec[1] !== r.title || rec[3] !== r.unit.id || rec[4] !== String(r.probability) || rec[5] !== String(r.consequence) || rec[6] !== String(r.risk_value);
  });
  check(d.name === `nara-intern-kontroll-risker-${year}.csv` && csv.length === reg.risks.length + 1 && csvBad.length === 0,
    `Intern kontroll: the risks' CSV (${d.name}) holds the API's ${reg.risks.length} risks`);
  await axe(page, 'Intern kontroll (controller)');
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await fitsWidth(page, width, 'Intern kontroll');
    await shot(page, `16-intern-kontroll-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // 4. A risk added through the form.
  const title = 'Testrisk: it-avbrott i journalsystemet';
  await page.locator('.ic-risk-edit > summary').click();
  const riskForm = page.locator('.ic-risk-form');
  await riskForm.getByLabel('Område').selectOption('vch');
  await riskForm.getByLabel('Rubrik').fill(title);
  await riskForm.getByLabel('Beskrivning').fill('Journalen otillgänglig mer än en timme');
  await riskForm.getByLabel('Sannolikhet').selectOption('3');
  await riskForm.getByLabel('Konsekvens').selectOption('2');
  await riskForm.getByLabel('Riskägare').fill('It-chef');
  await riskForm.getByLabel('Nämnden delaktig').check();
  const added = await sendForm(page, riskForm, 'risks');
  await page.locator('.ic-status .success').filter({ hasText: title }).waitFor();
  reg = await api(base, `internal-control?year=${year}`);
  const risk = reg.risks.find((r) => r.title === title);
  check(added.status === 201 && risk && risk.risk_value === 6 && risk.unit.id === 'vch' && risk.board_prioritised === true && risk.owner === 'It-chef',
    `Intern kontroll: a risk added through the form (${added.status}; value ${risk?.risk_value}, ${risk?.unit.id})`);
  const cell32 = page.locator('.ic-matrix td[data-probability="3"][data-consequence="2"]');
  check(risk && (await cell32.locator(`li[data-risk="${risk.id}"]`).count()) === 1 && (await cell32.textContent()).includes(title),
    'Intern kontroll: the new risk stands in the matrix cell probability 3 × consequence 2');

  // A risk without a title: the server's message in the form, the focus in the title.
  await page.locator('.ic-risk-edit > summary').click();
  const riskForm2 = page.locator('.ic-risk-form');
  await riskForm2.getByLabel('Riskägare').fill('Någon');
  const noTitle = await sendForm(page, riskForm2, 'risks');
  await riskForm2.locator('.form-status [role=alert]').waitFor();
  const noTitleShown = norm(await riskForm2.locator('.form-status').textContent());
  const focusTitle = await page.evaluate(() => document.activeElement?.getAttribute('name'));
  check(noTitle.status === 400 && noTitleShown.includes(norm(noTitle.body?.error?.message)) && focusTitle === 'title',
    `Intern kontroll: a risk without a title is refused (${noTitle.status} ${noTitle.body?.error?.code}), the message shown, the focus in "${focusTitle}"`);

  // 5. A control for it, and a result: refused without its text, then saved.
  await page.locator('.ic-control-edit > summary').click();
  const controlForm = page.locator('.ic-control-form');
  await controlForm.getByLabel('Risk', { exact: true }).selectOption(String(risk.id));
  await controlForm.getByLabel('Vad kontrolleras').fill('Test av reservrutin');
  await controlForm.getByLabel('Hur (metod)').fill('Övning');
  await controlForm.getByLabel('Frekvens').selectOption('yearly');
  await controlForm.getByLabel('Ansvarig').fill('Verksamhetschef');
  const cAdded = await sendForm(page, controlForm, 'controls');
  await page.locator('.ic-status .success').filter({ hasText: 'Test av reservrutin' }).waitFor();
  reg = await api(base, `internal-control?year=${year}`);
  const control = reg.risks.find((r) => r.id === risk.id)?.controls.find((c) => c.what === 'Test av reservrutin');
  check(cAdded.status === 201 && control && control.frequency === 'yearly' &&
    (await page.locator(`.ic-plan-table tr[data-control="${control.id}"] [data-col=frequency]`).textContent()) === 'årligen',
    `Intern kontroll: a control added through the form, shown as "årligen" (${cAdded.status})`);
  await page.locator('.ic-result-edit > summary').click();
  const resultForm = page.locator('.ic-result-form');
  await resultForm.getByLabel('Kontroll', { exact: true }).selectOption(String(control.id));
  await resultForm.getByLabel('Tertial').selectOption('2024-T2');
  await resultForm.getByLabel('Resultat').selectOption('deviation');
  await resultForm.getByLabel('Kommentar').fill('');
  const noText = await sendForm(page, resultForm, 'results');
  await resultForm.locator('.form-status [role=alert]').waitFor();
  const noTextShown = norm(await resultForm.locator('.form-status').textContent());
  const focus = await page.evaluate(() => ({ name: document.activeElement?.getAttribute('name'), invalid: document.activeElement?.getAttribute('aria-invalid') }));
  check(noText.status === 400 && noText.body?.error?.code === 'text_required' && noTextShown.includes(norm(noText.body.error.message)) && focus.name === 'text' && focus.invalid === 'true',
    `Intern kontroll: a deviation without a text is refused (${noText.status} ${noText.body?.error?.code}) and "${noTextShown}" shown, the focus in the text`);
  await axe(page, 'Intern kontroll (form with an error)');
  await resultForm.getByLabel('Kommentar').fill('Reservrutinen saknades på två enheter');
  const saved = await sendForm(page, resultForm, 'results');
  await page.locator('.ic-status .success').filter({ hasText: '2024-T2' }).waitFor();
  const cellT2 = page.locator(`.ic-follow-table tr[data-control="${control.id}"] td[data-period="2024-T2"]`);
  const t2 = norm(await cellT2.textContent());
  check(saved.status === 201 && (await cellT2.getAttribute('data-outcome')) === 'deviation' && t2.includes('Avvikelse') && t2.includes('Reservrutinen saknades'),
    `Intern kontroll: the result saved and shown in T2 ("${t2}")`);

  // 6. The risk removed: cancelled first, then confirmed.
  await page.locator('.ic-risk-edit > summary').click();
  const riskForm3 = page.locator('.ic-risk-form');
  await riskForm3.getByLabel('Risk att ändra').selectOption(String(risk.id));
  await riskForm3.locator('.ic-remove').click();
  const dialog = page.locator('dialog.confirm-dialog');
  await dialog.waitFor();
  const question = norm(await dialog.locator('.confirm-message').textContent());
  await dialog.locator('.confirm-cancel').click();
  const still = (await api(base, `internal-control?year=${year}`)).risks.some((r) => r.id === risk.id);
  check(question.includes(title) && still, `Intern kontroll: removing asks first ("${question}"); cancelled, the risk stays`);
  const [removed] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/internal-control/risks') && r.request().method() === 'POST'),
    (async () => {
      await riskForm3.locator('.ic-remove').click();
      await dialog.locator('.confirm-ok').click();
    })(),
  ]);
  await page.locator('.ic-status .success').filter({ hasText: 'borttagen' }).waitFor();
  reg = await api(base, `internal-control?year=${year}`);
  check(removed.status() === 200 || removed.status() === 201, `API internal-control/risks remove answers ${removed.status()}`);
  check(!reg.risks.some((r) => r.id === risk.id) && (await page.locator(`.ic-risk-table tr[data-risk="${risk.id}"]`).count()) === 0 &&
    !reg.risks.flatMap((r) => r.controls).some((c) => c.id === control.id),
    'Intern kontroll: after confirming, the risk and its control are gone from the API and the page');

  // 7. A reader: the register, no forms, and 403 from the API if tried.
  await switchUser(page, base, h, users.reader, hash);
  check(hashOf(page).startsWith('#/intern-kontroll'), `the reader lands on Intern kontroll (${hashOf(page)})`);
  const readerForms = await page.locator('#main form.ic-form, #main .ic-edit').count();
  const readerRisks = await page.locator('.ic-risk-table tbody tr').count();
  check(readerForms === 0 && readerRisks === reg.risks.length, `Intern kontroll as a reader: the ${readerRisks} risks, no forms (${readerForms})`);
  const readerReg = await page.evaluate(async () => (await (await fetch('/api/internal-control?year=2024&lang=sv')).json()).may_edit);
  const tries = [
    await postFromPage(page, 'internal-control/risks', { year, unit: 'nsh', title: 'Läsarens risk', description: '', probability: 1, consequence: 1, owner: 'x', board_prioritised: false }),
    await postFromPage(page, 'internal-control/results', { control_id: controls[0]?.id ?? 1, period: '2024-T1', outcome: 'done', text: '' }),
  ];
  check(readerReg === false && tries.every((r) => r.status === 403 && r.body?.error?.code === 'forbidden'),
    `Intern kontroll as a reader: may_edit false, changes refused 403 forbidden (${tries.map((r) => `${r.status} ${r.body?.error?.code}`).join(', ')})`);
  await axe(page, 'Intern kontroll (reader)');
  await shot(page, '16-intern-kontroll-reader');
  await switchUser(page, base, h, users.controller, hash);

  // 8. In English.
  await go(page, base, `${hash}&lang=en`);
  const enHeads = (await page.locator('.ic-section h2').allTextContents()).map(ws);
  check(enHeads.includes('Risk matrix') && enHeads.includes('Control plan') && enHeads.includes('Follow-up per tertial'), `Intern kontroll in English: ${enHeads.join(' | ')}`);
  await go(page, base, `${hash}&lang=sv`);
}
