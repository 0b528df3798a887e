// Compares the figures of several systems value by value:
//   node compare.mjs NAME=FILE.csv NAME=FILE.csv ...
// Each file: indicator,unit_id,period,value (empty value = missing). The first file is
// the reference. Two values agree when both are missing, or when
// |a − b| <= 1e-9 × max(|a|, |b|, 1). Every disagreement and every figure present in
// one file but not the other is listed (up to 40 lines); exit code 1 if any.
import { readFileSync } from 'node:fs';

function read(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = lines[0].trim().split(',');
  const ix = ['indicator', 'unit_id', 'period', 'value'].map((c) => header.indexOf(c));
  if (ix.some((i) => i < 0)) throw new Error(`${file}: header must hold indicator,unit_id,period,value`);
  const map = new Map();
  for (let k = 1; k < lines.length; ++k) {
    const line = lines[k].replace(/\r$/, '');
    if (!line) continue;
    const f = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    const key = `${f[ix[0]]},${f[ix[1]]},${f[ix[2]]}`;
    const v = f[ix[3]];
    map.set(key, v === '' || v === 'NULL' || v === undefined ? null : Number(v));
  }
  return map;
}

const inputs = process.argv.slice(2).map((a) => {
  const eq = a.indexOf('=');
  return { name: a.slice(0, eq), map: read(a.slice(eq + 1)) };
});
const ref = inputs[0];
let problems = 0;
const report = (msg) => {
  if (problems++ < 40) console.log(msg);
};
const agree = (a, b) =>
  (a === null && b === null) ||
  (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1));
for (const other of inputs.slice(1)) {
  for (const [key, a] of ref.map) {
    if (!other.map.has(key)) {
      report(`MISSING in ${other.name}: ${key} (${ref.name} = ${a})`);
      continue;
    }
    const b = other.map.get(key);
    if (!agree(a, b)) report(`MISMATCH ${key}: ${ref.name} = ${a}, ${other.name} = ${b}`);
  }
  for (const key of other.map.keys()) {
    if (!ref.map.has(key)) report(`EXTRA in ${other.name}: ${key} = ${other.map.get(key)}`);
  }
}
const count = ref.map.size;
const missing = [...ref.map.values()].filter((v) => v === null).length;
if (problems > 0) {
  console.log(`figures differ: ${problems} problem(s) over ${count} figures`);
  process.exit(1);
}
console.log(`all ${inputs.length} systems agree on ${count} figures (${missing} missing values), tolerance 1e-9 relative`);
