/**
 * The fold worker: a worker thread that folds a document's parts into one update (what
 * foldState does), so the CPU-heavy step of a compaction never blocks the event loop that serves
 * the rooms.
 *
 * Its source is a small CommonJS string run with `eval: true`, not a file beside this one: jest
 * runs the TypeScript sources (there is no .js file next to them to point a Worker at) and
 * production runs server/dist; an eval'd worker starts the same way in both, without a build step
 * of its own. Yjs is found by the main thread's resolver and handed over as an absolute path.
 *
 * Room SPEC R13 (Yjs loads exactly once) guards against two Yjs copies in one JavaScript realm,
 * where a Y.Doc of one fails the `instanceof` checks of the other. A worker thread is a realm of
 * its own (its own V8 isolate, globalThis and module cache): the CJS build it requires is the only
 * Yjs in there, no Yjs object ever crosses between the threads (only bytes do), and the main
 * thread keeps its single ESM instance. It is the same package and version, so it encodes the
 * same bytes as foldState; fold-pool.spec.ts compares them.
 */
import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** One fold: the parts packed back to back into `buffer` (transferred), `lengths` to split it. */
export interface FoldRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly lengths: readonly number[];
}

/** The worker's answer to one FoldRequest. */
export type FoldReply =
  | { readonly id: number; readonly ok: true; readonly state: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly message: string };

/**
 * Mirrors room/stored-state.ts (all parts applied in one transaction, origin null) and foldState
 * (encodeStateAsUpdate, then destroy). A part that Yjs cannot decode fails only its own fold; the
 * worker keeps serving. The result is transferred, copied first only if it is a view into a
 * larger buffer (transferring that would hand over bytes that are not part of the result).
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);
parentPort.on('message', ({ id, buffer, lengths }) => {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      let offset = 0;
      for (const length of lengths) {
        Y.applyUpdate(doc, new Uint8Array(buffer, offset, length), null);
        offset += length;
      }
    }, null);
    let state = Y.encodeStateAsUpdate(doc);
    if (state.byteOffset !== 0 || state.byteLength !== state.buffer.byteLength) state = state.slice();
    parentPort.postMessage({ id, ok: true, state }, [state.buffer]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id, ok: false, message });
  } finally {
    doc.destroy();
  }
});
`;

/** Starts one fold worker; it loads the Yjs package this module resolves to. */
export function spawnFoldWorker(resourceLimits?: ResourceLimits): Worker {
  const yjsPath = createRequire(import.meta.url).resolve('yjs');
  return new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { yjsPath },
    ...(resourceLimits ? { resourceLimits } : {}),
  });
}

/**
 * Copies the parts once into one fresh buffer that can be transferred. Transferring the parts'
 * own buffers is not safe: pg's Buffers for small values are slices of Node's shared pool, and
 * transferring would detach memory that other Buffers still use.
 */
export function packParts(parts: readonly Uint8Array[]): Omit<FoldRequest, 'id'> {
  const lengths = parts.map((part) => part.byteLength);
  const bytes = new Uint8Array(lengths.reduce((sum, length) => sum + length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { buffer: bytes.buffer, lengths };
}
