import * as Y from 'yjs';
import { randomEdit } from '../room/testing/random-edits.js';
import { SeededRandom } from '../room/testing/random.js';
import { foldParts } from './document-compactor.js';
import { FoldPool } from './fold-pool.js';

/** A busy document's log: one part per edit, as storage holds it before compaction. */
function busyLog(edits: number): Uint8Array[] {
  const random = new SeededRandom(42);
  const doc = new Y.Doc();
  const log: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => void log.push(update));
  for (let i = 0; i < edits; i++) randomEdit(random, doc);
  return log;
}

/** Runs `work` while a 1 ms interval ticks; the longest gap between ticks and how many there were. */
async function ticksDuring(work: () => Promise<unknown>) {
  const ticks: number[] = [performance.now()];
  const interval = setInterval(() => ticks.push(performance.now()), 1);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(interval);
  }
  const ended = performance.now();
  ticks.push(ended);
  const gaps = ticks.slice(1).map((tick, i) => tick - ticks[i]!);
  return { durationMs: ended - started, longestGapMs: Math.max(...gaps), ticks: ticks.length - 2 };
}

describe('FoldPool and the event loop', () => {
  it('keeps the main thread responsive while a large document folds', async () => {
    const parts = busyLog(15_000);
    const pool = new FoldPool();
    try {
      await pool.fold(parts); // warm up: the worker's start and JIT are not what is measured
      const inWorker = await ticksDuring(() => pool.fold(parts));
      const onThread = await ticksDuring(async () => foldParts(parts));
      // Control: on the main thread the fold is one long gap, and nothing ticks in it.
      expect(onThread.longestGapMs).toBeGreaterThanOrEqual(onThread.durationMs * 0.9);
      // In the worker the timer keeps firing; what blocks the loop (packing the parts, taking the
      // result) is a small share of the fold. Ratios, not milliseconds: CI machines are slow.
      expect(inWorker.ticks).toBeGreaterThanOrEqual(5);
      expect(inWorker.longestGapMs).toBeLessThan(
        Math.max(inWorker.durationMs, onThread.durationMs) / 3,
      );
    } finally {
      await pool.close();
    }
  }, 60_000);
});
