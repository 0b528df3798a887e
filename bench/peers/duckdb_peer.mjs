// DuckDB's side of bench/peers/run: node duckdb_peer.mjs DATA_DIR OUT.csv LOAD_RUNS RUNS
// Loads LOAD_RUNS times, each into a fresh in-memory database (sql/duckdb_load.sql:
// CSV → tables), printing "load,<i>,<seconds>"; then computes RUNS times on the last
// one (sql/compute.sql: the figures into table `figures`), printing
// "compute,<i>,<seconds>". The figures go to OUT.csv.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [data, out, loadRunsText, runsText] = process.argv.slice(2);
const loadRuns = Number(loadRunsText || 1);
const runs = Number(runsText || 1);

function statements(file) {
  const text = readFileSync(join(here, 'sql', file), 'utf8')
    .split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n')
    .replaceAll('@DATA@', data);
  return text.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, '')).filter((s) => s.length > 0);
}

const load = statements('duckdb_load.sql');
const compute = statements('compute.sql');
let instance = null;
let con = null;
for (let run = 1; run <= loadRuns; ++run) {
  if (con) con.closeSync();
  if (instance) instance.closeSync();
  instance = await DuckDBInstance.create(':memory:');
  con = await instance.connect();
  const t0 = performance.now();
  for (const s of load) await con.run(s);
  console.log(`load,${run},${((performance.now() - t0) / 1000).toFixed(6)}`);
}
for (let run = 1; run <= runs; ++run) {
  const t0 = performance.now();
  for (const s of compute) await con.run(s);
  console.log(`compute,${run},${((performance.now() - t0) / 1000).toFixed(6)}`);
}
await con.run(`COPY (SELECT indicator, unit_id, period, n, value FROM figures) TO '${out}' (HEADER, DELIMITER ',')`);
con.closeSync();
instance.closeSync();
