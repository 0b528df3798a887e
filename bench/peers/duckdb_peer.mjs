// DuckDB's side of bench/peers/run: node duckdb_peer.mjs DATA_DIR OUT.csv RUNS
// Each run: a fresh in-memory database; load = sql/duckdb_load.sql (CSV → tables),
// compute = sql/compute.sql (the figures into table `figures`). Prints
// "run,<i>,<load seconds>,<compute seconds>"; the last run's figures go to OUT.csv.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [data, out, runsText] = process.argv.slice(2);
const runs = Number(runsText || 1);

function statements(file) {
  const text = readFileSync(join(here, 'sql', file), 'utf8')
    .split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n')
    .replaceAll('@DATA@', data);
  return text.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, '')).filter((s) => s.length > 0);
}

const load = statements('duckdb_load.sql');
const compute = statements('compute.sql');
for (let run = 1; run <= runs; ++run) {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  let t0 = performance.now();
  for (const s of load) await con.run(s);
  const loadS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const s of compute) await con.run(s);
  const computeS = (performance.now() - t0) / 1000;
  console.log(`run,${run},${loadS.toFixed(6)},${computeS.toFixed(6)}`);
  if (run === runs) {
    await con.run(`COPY (SELECT indicator, unit_id, period, value FROM figures) TO '${out}' (HEADER, DELIMITER ',')`);
  }
  con.closeSync?.();
  instance.closeSync?.();
}
