import { once } from 'node:events';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import * as Y from 'yjs';
import { docFrom, isSameState, randomEdit } from '../room/testing/random-edits.js';
import { SeededRandom } from '../room/testing/random.js';
import { foldState } from './document-compactor.js';
import { FoldPool, type FoldPoolOptions } from './fold-pool.js';
import { spawnFoldWorker } from './fold-worker.js';
import type { StoredRow } from './postgres-room-storage.js';

/**
 * A document as storage holds it: a snapshot of the first edits, then one log part per edit after
 * it, from two clients. With `dropOne`, one log part is missing, so later parts of that client
 * stay pending (a fold must keep them, as foldState does).
 */
function storedParts(seed: number, edits: number, dropOne = false): Uint8Array[] {
  const random = new SeededRandom(seed);
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  const log: Uint8Array[] = [];
  a.on('update', (update: Uint8Array) => {
    log.push(update);
    Y.applyUpdate(b, update, 'remote');
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(a, update);
  });
  for (let i = 0; i < edits; i++) randomEdit(random, random.chance(0.5) ? a : b);
  const cut = random.int(log.length);
  const parts = [Y.mergeUpdates(log.slice(0, cut)), ...log.slice(cut)];
  if (dropOne && parts.length > 2) parts.splice(1 + random.int(parts.length - 2), 1);
  return parts;
}

const rowsOf = (parts: readonly Uint8Array[]): StoredRow[] =>
  parts.map((part, i) => ({ data: Buffer.from(part), seq: String(i), collected: false }));

/** A pool whose workers the test can reach; `spawn` may be swapped per test. */
function trackedPool(options: FoldPoolOptions = {}) {
  const spawned: Worker[] = [];
  let spawn = (limits?: ResourceLimits) => spawnFoldWorker(limits);
  const pool = new FoldPool({
    ...options,
    spawn: (limits) => {
      const worker = spawn(limits);
      spawned.push(worker);
      return worker;
    },
  });
  return { pool, spawned, setSpawn: (next: typeof spawn) => void (spawn = next) };
}

describe('FoldPool', () => {
  const pools: FoldPool[] = [];
  const open = (options?: FoldPoolOptions) => {
    const tracked = trackedPool(options);
    pools.push(tracked.pool);
    return tracked;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('folds random documents to the same bytes as foldState', async () => {
    const { pool, spawned } = open();
    for (let seed = 1; seed <= 40; seed++) {
      const parts = storedParts(seed, 20 + (seed % 7) * 40, seed % 4 === 0);
      const expected = foldState(rowsOf(parts));
      const folded = await pool.fold(parts);
      expect(Buffer.from(folded).equals(Buffer.from(expected))).toBe(true);
      expect(isSameState(docFrom([folded]), docFrom(parts))).toBe(true);
    }
    expect(await pool.fold([])).toEqual(foldState([]));
    expect(spawned).toHaveLength(1);
  });

  it.each([1, 3])(
    'runs folds in parallel on %i worker(s), each answered with its own state',
    async (size) => {
      const { pool, spawned } = open({ size });
      const documents = Array.from({ length: 12 }, (_, i) => storedParts(100 + i, 150));
      const folded = await Promise.all(documents.map((parts) => pool.fold(parts)));
      folded.forEach((state, i) => {
        expect(Buffer.from(state).equals(Buffer.from(foldState(rowsOf(documents[i]!))))).toBe(true);
      });
      expect(spawned).toHaveLength(size);
    },
  );

  it('folds up to inlineMaxBytes on the calling thread and larger ones in a worker, alike', async () => {
    const documents = Array.from({ length: 16 }, (_, i) => storedParts(200 + i, 20 + i * 25));
    const sizes = documents.map((parts) => parts.reduce((sum, part) => sum + part.byteLength, 0));
    const limit = [...sizes].sort((x, y) => x - y)[8]!;
    const { pool, spawned } = open({ inlineMaxBytes: limit });
    for (const [i, parts] of documents.entries()) {
      if (sizes[i]! > limit) continue;
      const folded = await pool.fold(parts);
      expect(Buffer.from(folded).equals(Buffer.from(foldState(rowsOf(parts))))).toBe(true);
    }
    expect(spawned).toHaveLength(0);
    for (const [i, parts] of documents.entries()) {
      if (sizes[i]! <= limit) continue;
      const folded = await pool.fold(parts);
      expect(Buffer.from(folded).equals(Buffer.from(foldState(rowsOf(parts))))).toBe(true);
    }
    expect(spawned).toHaveLength(1);
  });

  it('rejects an inline fold whose part Yjs cannot decode, and keeps folding', async () => {
    const { pool, spawned } = open({ inlineMaxBytes: 1024 * 1024 });
    const good = storedParts(8, 60);
    await expect(pool.fold([good[0]!, new Uint8Array([255, 255, 255, 255])])).rejects.toThrow();
    expect(Buffer.from(await pool.fold(good)).equals(Buffer.from(foldState(rowsOf(good))))).toBe(
      true,
    );
    expect(spawned).toHaveLength(0);
  });

  it('fails only the fold whose part Yjs cannot decode; the worker keeps serving', async () => {
    const { pool, spawned } = open();
    const good = storedParts(7, 60);
    const bad = pool.fold([good[0]!, new Uint8Array([255, 255, 255, 255])]);
    const next = pool.fold(good);
    await expect(bad).rejects.toThrow(/fold failed in the fold worker: .+/);
    expect(Buffer.from(await next).equals(Buffer.from(foldState(rowsOf(good))))).toBe(true);
    expect(spawned).toHaveLength(1);
  });

  it('fails the folds in flight when the worker dies, and the next fold gets a new worker', async () => {
    const { pool, spawned, setSpawn } = open();
    const parts = storedParts(8, 400);
    // A worker that takes folds and never answers, so they are surely still in flight when it
    // dies (a real worker may answer both before terminate() lands: one CI run saw exactly that).
    setSpawn(() => new Worker('setInterval(() => undefined, 1000);', { eval: true }));
    const inFlight = [pool.fold(parts), pool.fold(parts)];
    setSpawn((limits) => spawnFoldWorker(limits));
    await spawned[0]!.terminate();
    for (const fold of inFlight) await expect(fold).rejects.toThrow(/fold worker exited with code/);
    expect(await pool.fold(parts)).toEqual(foldState(rowsOf(parts)));
    expect(spawned).toHaveLength(2);
  });

  it('names the uncaught error of a worker that crashes', async () => {
    const { pool, spawned, setSpawn } = open();
    setSpawn(() => new Worker(`throw new Error('boom at start')`, { eval: true }));
    await expect(pool.fold([])).rejects.toThrow(/fold worker exited with code 1: boom at start/);
    setSpawn((limits) => spawnFoldWorker(limits));
    expect(await pool.fold([])).toEqual(foldState([]));
    expect(spawned).toHaveLength(2);
  });

  it('retires an idle worker and starts another for the next fold', async () => {
    const { pool, spawned } = open({ idleMs: 5 });
    await pool.fold([]);
    await once(spawned[0]!, 'exit');
    expect(await pool.fold([])).toEqual(foldState([]));
    expect(spawned).toHaveLength(2);
  });

  it('close() lets the folds in flight finish, ends the worker and refuses later folds', async () => {
    const { pool, spawned } = open();
    const parts = storedParts(9, 300);
    const inFlight = pool.fold(parts);
    const exited = once(spawned[0]!, 'exit');
    await pool.close();
    expect(await inFlight).toEqual(foldState(rowsOf(parts)));
    await exited;
    await expect(pool.fold(parts)).rejects.toThrow('fold pool is closed');
    expect(spawned).toHaveLength(1);
  });

  it('ends a worker whose fold overruns the timeout, and the next fold gets a fresh one', async () => {
    const { pool, spawned, setSpawn } = open({ timeoutMs: 200 });
    // A real worker that never answers: a fold stuck in an endless loop looks like this.
    setSpawn(() => new Worker('setInterval(() => undefined, 1000);', { eval: true }));
    await expect(pool.fold(storedParts(7, 20))).rejects.toThrow(/longer than 200 ms/);
    setSpawn((limits) => spawnFoldWorker(limits));
    const parts = storedParts(8, 20);
    expect(isSameState(docFrom([await pool.fold(parts)]), docFrom(parts))).toBe(true);
    expect(spawned).toHaveLength(2);
  });
});
