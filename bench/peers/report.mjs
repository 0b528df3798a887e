// Prints the table of bench/peers/run from its results file:
//   node report.mjs RESULTS.txt
// Lines: "load,<size>,<system>,<run>,<s>", "compute,<size>,<system>,<run>,<s>",
//        "rows,<size>,<fact rows>,<figures>", "import,<size>,<s>,<rows>",
//        "queue,<system>,<run>,<calls>,<events>,<seconds>,<p_wait>,<mean_wait>".
// Every time is the median of its runs. Ratios are nara / peer (below 1: nara faster).
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => l.split(','));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const sizes = [...new Set(lines.filter((l) => l[0] === 'compute').map((l) => l[1]))];
const systems = ['nara (store)', 'nara (CSV)', 'DuckDB', 'PostgreSQL', 'SQLite'];
const fmt = (x) => (x === undefined ? '–' : x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1));
const rat = (x) => (x === undefined || !isFinite(x) ? '–' : x < 0.01 ? x.toFixed(4) : x.toFixed(3));
const pad = (s, w, right = true) => (right ? String(s).padStart(w) : String(s).padEnd(w));
const goals = [];

console.log(`Indicator set: phone_same_day, assessment_3_days, chat_median_wait, visits_total, distance_share,`);
console.log(`sick_leave, dental_on_time_adults — every unit × every month and year of 2022–2024, roll-ups`);
console.log(`under the tree valid at the time. Times in seconds, median of the runs (runs: loads/computes);`);
console.log(`ratios are nara / peer (< 1: nara faster).`);
for (const size of sizes) {
  const rows = lines.find((l) => l[0] === 'rows' && l[1] === size);
  const imp = lines.find((l) => l[0] === 'import' && l[1] === size);
  console.log('');
  console.log(`== ${size}: ${rows ? Number(rows[2]).toLocaleString('en') + ' fact rows, ' + Number(rows[3]).toLocaleString('en') + ' figures' : ''}` +
    (imp ? `; nara import into the store ${fmt(Number(imp[2]))} s` : ''));
  console.log(
    `${pad('system', 14, false)}${pad('runs', 6)}${pad('load', 9)}${pad('compute', 10)}${pad('total', 9)}` +
      `${pad('nara/peer load', 16)}${pad('nara/peer compute', 19)}${pad('nara/peer total', 17)}`,
  );
  const med = {};
  for (const sys of systems) {
    const ls = lines.filter((l) => l[0] === 'load' && l[1] === size && l[2] === sys).map((l) => Number(l[4]));
    const cs = lines.filter((l) => l[0] === 'compute' && l[1] === size && l[2] === sys).map((l) => Number(l[4]));
    if (!ls.length || !cs.length) continue;
    med[sys] = { load: median(ls), compute: median(cs), runs: `${ls.length}/${cs.length}` };
    med[sys].total = med[sys].load + med[sys].compute;
  }
  const nara = med['nara (store)'] || med['nara (CSV)'];
  const naraCsv = med['nara (CSV)'];
  for (const sys of systems) {
    const m = med[sys];
    if (!m) continue;
    const peer = !sys.startsWith('nara');
    console.log(
      `${pad(sys, 14, false)}${pad(m.runs, 6)}${pad(fmt(m.load), 9)}${pad(fmt(m.compute), 10)}${pad(fmt(m.total), 9)}` +
        (peer
          ? `${pad(rat(naraCsv.load / m.load), 16)}${pad(rat(nara.compute / m.compute), 19)}${pad(rat(nara.total / m.total), 17)}`
          : ''),
    );
  }
  if (med.DuckDB) goals.push(`${size}: compute vs DuckDB ${rat(nara.compute / med.DuckDB.compute)} (goal ≤ 1: ${nara.compute <= med.DuckDB.compute ? 'met' : 'NOT met'})`);
  if (med.PostgreSQL) goals.push(`${size}: compute vs PostgreSQL ${(med.PostgreSQL.compute / nara.compute).toFixed(1)}× faster (goal ≥ 20×: ${med.PostgreSQL.compute >= 20 * nara.compute ? 'met' : 'NOT met'})`);
}
console.log('');
console.log(`nara load: 'store' = SQLite store → engine tables; 'CSV' = the same CSV files → engine tables.`);
console.log(`nara/peer load compares nara's CSV load with the peer's CSV load; compute and total use nara (store).`);
const q = lines.filter((l) => l[0] === 'queue');
if (q.length) {
  console.log('');
  console.log('== queueing kernel: M/M/14 Erlang C case (100 calls / 30 min, mean handling 180 s); events = arrival + departure per call');
  console.log(`${pad('system', 22, false)}${pad('calls', 10)}${pad('seconds', 10)}${pad('events/s', 14)}${pad('P(wait)', 9)}${pad('mean wait s', 13)}`);
  const rate = {};
  for (const sys of [...new Set(q.map((l) => l[1]))]) {
    const rs = q.filter((l) => l[1] === sys);
    const secs = median(rs.map((l) => Number(l[5])));
    const ev = Number(rs[0][4]);
    rate[sys] = ev / secs;
    const last = rs[rs.length - 1];
    console.log(`${pad(sys, 22, false)}${pad(rs[0][3], 10)}${pad(fmt(secs), 10)}${pad(Math.round(ev / secs).toLocaleString('en'), 14)}${pad(last[6], 9)}${pad(last[7], 13)}`);
  }
  const [a, b] = Object.keys(rate);
  if (a && b) console.log(`ratio ${a} / ${b}: ${(rate[a] / rate[b]).toFixed(1)}× the events per second (Erlang C: P(wait) 0.1741, mean wait 7.84 s)`);
}
if (goals.length) {
  console.log('');
  for (const g of goals) console.log(`goal ${g}`);
}
