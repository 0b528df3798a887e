// Compares the figures of several systems value by value:
//   node compare.mjs NAME=FILE.csv NAME=FILE.csv ...
// Each file: indicator,unit_id,period,n,value (empty value = missing; n = the rows or
// values the figure is computed from, before suppression). The first file is the
// reference. Two values agree when both are missing, or when
// |a − b| <= 1e-9 × max(|a|, |b|, 1); the n must be equal. Every disagreement and
// every figure present in one file but not the other is listed (up to 40 lines), with
// the system, indicator, unit and period; a count of problems per indicator follows.
// Exit code 1 if any.
import { readFileSync } from 'node:fs';

function read(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = lines[0].trim().split(',');
  const ix = ['indicator', 'unit_id', 'period', 'value', 'n'].map((c) => header.indexOf(c));
  if (ix.some((i) => i < 0)) throw new Error(`${file}: header must hold indicator,unit_id,period,n,value`);
  const map = new Map();
  for (let k = 1; k < lines.length; ++k) {
    const line = lines[k].replace(/\r$/, '');
    if (!line) continue;
    const f = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    const key = `${f[ix[0]]},${f[ix[1]]},${f[ix[2]]}`;
    const v = f[ix[3]];
    map.set(key, { v: v === '' || v === 'NULL' || v === undefined ? null : Number(v), n: Number(f[ix[4]] || 0) });
  }
  return map;
}

const inputs = process.argv.slice(2).map((a) => {
  const eq = a.indexOf('=');
  return { name: a.slice(0, eq), map: read(a.slice(eq + 1)) };
});
const ref = inputs[0];
let problems = 0;
const perIndicator = new Map();
const report = (key, msg) => {
  if (problems++ < 40) console.log(msg);
  const ind = key.split(',')[0];
  perIndicator.set(ind, (perIndicator.get(ind) || 0) + 1);
};
const show = (x) => (x.v === null ? 'missing' : x.v) + ` (n ${x.n})`;
const agree = (a, b) =>
  (a === null && b === null) ||
  (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1));
for (const other of inputs.slice(1)) {
  for (const [key, a] of ref.map) {
    if (!other.map.has(key)) {
      report(key, `MISSING in ${other.name}: ${key} (${ref.name} = ${show(a)})`);
      continue;
    }
    const b = other.map.get(key);
    if (!agree(a.v, b.v) || a.n !== b.n) report(key, `MISMATCH ${key}: ${ref.name} = ${show(a)}, ${other.name} = ${show(b)}`);
  }
  for (const key of other.map.keys()) {
    if (!ref.map.has(key)) report(key, `EXTRA in ${other.name}: ${key} = ${show(other.map.get(key))}`);
  }
}
const count = ref.map.size;
const missing = [...ref.map.values()].filter((x) => x.v === null).length;
if (problems > 0) {
  console.log(`figures differ: ${problems} problem(s) over ${count} figures; by indicator: ` +
    [...perIndicator].map(([k, c]) => `${k} ${c}`).join(', '));
  process.exit(1);
}
console.log(`all ${inputs.length} systems agree on ${count} figures and their n (${missing} missing values), tolerance 1e-9 relative`);
