/**
 * Cold load of a long-edited document from PostgreSQL (issue 4's target: a document with 100k
 * edits loads in at most 50 ms p50). It writes a typing history through Folio's own
 * PostgresRoomStorage (group commits, exactly as rooms write), then times what a room does when it
 * opens a document — `storage.load` (one statement: snapshot + remaining rows) and applying the
 * state to a fresh Y.Doc — in two layouts measured in the same run:
 *   baseline: the whole history as log rows (no compaction ever ran);
 *   Folio:    after DocumentCompactor folded it, plus a tail of not-yet-folded rows as the default
 *             compaction policy (1,000 rows) would leave at most.
 * The history is three authors typing in bursts of 1–`--burst` keystrokes (40 by default; 1 is
 * the worst case, every keystroke by a random author, so Yjs can merge no runs).
 * Run: npm run bench:cold-load [-- --edits 100000 --tail 1000 --runs 30 --burst 40]
 */
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { createBenchDatabase } from '../collab/database.js';
import { openServerStorage, type LoadTimings } from './server-storage.js';
import { typingHistory } from './typing.js';

const { values } = parseArgs({
  options: {
    edits: { type: 'string', default: '100000' },
    tail: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '30' },
    burst: { type: 'string', default: '40' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const edits = Number(values.edits);
const tail = Number(values.tail);
const runs = Number(values.runs);
const burstMax = Number(values.burst);

const history = typingHistory(edits + tail, { burstMax });
const database = await createBenchDatabase(values['pg-url']);
const server = await openServerStorage(database.runtimeUrl);
try {
  const key = await server.createDocument();
  const started = performance.now();
  await server.appendAll(key, history.slice(0, edits));
  const writeSeconds = (performance.now() - started) / 1000;

  const baseline = await server.timeLoads(key, runs);
  const compacted = await server.compact(key);
  await server.appendAll(key, history.slice(edits));
  const folio = await server.timeLoads(key, runs);

  const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  const row = (name: string, t: LoadTimings) =>
    `${name.padEnd(34)} p50 ${ms(t.summary.p50Ms)}  p95 ${ms(t.summary.p95Ms)}  max ${ms(
      t.summary.maxMs,
    )}  (read p50 ${ms(t.readP50Ms)}, ${(t.bytes / 1024).toFixed(0)} KiB stored)`;
  console.log(
    `\nCold load of a document with ${edits} keystroke edits, bursts of 1-${burstMax} (${runs} loads each)`,
  );
  console.log(`  written through group commits in ${writeSeconds.toFixed(1)} s`);
  console.log(
    `  compaction: ${JSON.stringify(compacted.outcome)} in ${compacted.ms.toFixed(0)} ms`,
  );
  console.log(row(`baseline: ${edits} log rows`, baseline));
  console.log(row(`Folio: snapshot + ${tail}-row tail`, folio));
  console.log(
    `  ratio Folio/baseline p50: ${(folio.summary.p50Ms / baseline.summary.p50Ms).toFixed(3)}` +
      `  (target: Folio p50 <= 50 ms: ${folio.summary.p50Ms <= 50 ? 'met' : 'MISSED'})`,
  );
  const expected = new Y.Doc();
  Y.transact(expected, () => history.forEach((update) => Y.applyUpdate(expected, update)));
  if (folio.text !== expected.getXmlFragment('body').toJSON()) {
    throw new Error('the compacted document differs from the history written');
  }
} finally {
  await server.close();
  await database.drop();
}
