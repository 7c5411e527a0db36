/**
 * A small pool of fold workers (fold-worker.ts), so compaction folds run off the event loop: a
 * fold of a busy document takes tens of milliseconds of CPU, and twenty of them at once stalled
 * every room on the node when they ran on the main thread.
 *
 * Workers start on the first fold, stay while folds keep coming and retire after `idleMs` without
 * one (default 10 minutes: DEFAULT_FOLD_IDLE_MS says why). A worker holds the process open only
 * while it has folds in flight: idle it is unref'd, so a forgotten pool never keeps a process (or
 * a jest run) alive. A worker that dies fails its in-flight folds with an error that says so, and
 * the next fold starts a fresh one. A fold that runs past `timeoutMs` ends its worker the same way:
 * the compaction fails and is retried later, long before its lease (60 s) could expire under it.
 *
 * Folds of at most `inlineMaxBytes` run on the calling thread instead. A worker's isolate starts
 * cold: its first folds of a 1,000-row document took 5–26 ms, and 8–44 ms of CPU with the JIT
 * compiling on background threads, against 2–3 ms on the main thread, where the rooms keep Yjs
 * hot. On a 2-core node that extra CPU, in bursts of compactions, competed with the very rooms the
 * worker was meant to spare. The bound keeps an inline fold to a few milliseconds (about 3.5 ms
 * for 64 KiB).
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { RoomLogger } from '../room/index.js';
import { foldParts } from './document-compactor.js';
import { packParts, spawnFoldWorker, type FoldReply, type FoldRequest } from './fold-worker.js';

export interface FoldPoolOptions {
  /** Worker threads at most; one keeps a single fold's latency and the node's CPU share bounded. */
  readonly size?: number;
  /** A worker with nothing to fold for this long exits (its heap goes with it). */
  readonly idleMs?: number;
  /** Caps a worker's heap, so a pathological document kills that worker, not the process. */
  readonly resourceLimits?: ResourceLimits;
  readonly logger?: RoomLogger;
  /** A fold running longer than this ends its worker (and fails its folds). */
  readonly timeoutMs?: number;
  /**
   * Folds whose parts total at most this many bytes run on the calling thread (see the file
   * comment). Default 0: every fold goes to a worker.
   */
  readonly inlineMaxBytes?: number;
  /** Starts a worker; tests wrap it to get hold of the Worker. */
  readonly spawn?: (resourceLimits?: ResourceLimits) => Worker;
}

interface InFlight {
  resolve(state: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_FOLD_TIMEOUT_MS = 30_000;

/**
 * How long an idle worker stays. Its warm-up is what folds cost most: folding a 35 KB snapshot
 * plus 1,000 typing rows took 64-70 ms of process CPU for a fresh worker (spawn and cold JIT),
 * 17-40 ms for each of the next four and 3-5 ms once warm (tenth fold on), measured on the 2-core
 * dev machine. A busy document compacts every 1,000 updates and a quiet one after
 * COLLAB_COMPACT_AFTER_MS (60 s by default): with the former 30 s, a node whose large documents
 * compacted a minute apart paid that warm-up on nearly every fold. Kept, the worker holds about
 * 20 MB of RSS (61 → 82 MB in the same measurement), given back 10 minutes after its last fold.
 */
export const DEFAULT_FOLD_IDLE_MS = 10 * 60_000;

interface Slot {
  readonly worker: Worker;
  readonly inFlight: Map<number, InFlight>;
  idleTimer?: NodeJS.Timeout;
  /** Set when the pool ends the worker on purpose (idle, close): its exit is not a crash. */
  isRetiring: boolean;
  /** The uncaught error that is about to end the worker, for the folds' error messages. */
  crash?: Error;
}

/** Runs folds in worker threads; `fold` can be handed to DocumentCompactor as is. */
export class FoldPool {
  private readonly size: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;
  private readonly inlineMaxBytes: number;
  private readonly slots: Slot[] = [];
  /** Every fold not yet settled, so close() can wait for them. */
  private readonly running = new Set<Promise<Uint8Array>>();
  private nextId = 1;
  private isClosed = false;

  constructor(private readonly options: FoldPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.idleMs = options.idleMs ?? DEFAULT_FOLD_IDLE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FOLD_TIMEOUT_MS;
    this.inlineMaxBytes = options.inlineMaxBytes ?? 0;
  }

  /** The state the parts fold into, computed in a worker or inline; equal to foldState's. */
  readonly fold = (parts: readonly Uint8Array[]): Promise<Uint8Array> => {
    if (this.isClosed) return Promise.reject(new Error('fold pool is closed'));
    if (this.inlineMaxBytes > 0 && totalBytes(parts) <= this.inlineMaxBytes) {
      try {
        return Promise.resolve(foldParts(parts));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const request: FoldRequest = { id: this.nextId++, ...packParts(parts) };
    const slot = this.pickSlot();
    const result = new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.timeOut(slot), this.timeoutMs);
      timer.unref();
      slot.inFlight.set(request.id, { resolve, reject, timer });
    });
    this.running.add(result);
    const forget = () => void this.running.delete(result);
    void result.then(forget, forget);
    clearTimeout(slot.idleTimer);
    if (slot.inFlight.size === 1) slot.worker.ref();
    slot.worker.postMessage(request, [request.buffer]);
    return result;
  };

  /** Refuses new folds, lets the ones in flight finish, then ends every worker. */
  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.allSettled([...this.running]);
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  /** The least busy worker; a new one while the pool has room and every worker is busy. */
  private pickSlot(): Slot {
    const idlest = this.slots.reduce<Slot | undefined>(
      (best, slot) => (best === undefined || slot.inFlight.size < best.inFlight.size ? slot : best),
      undefined,
    );
    if (idlest !== undefined && (idlest.inFlight.size === 0 || this.slots.length >= this.size)) {
      return idlest;
    }
    const slot = this.startSlot();
    this.slots.push(slot);
    return slot;
  }

  private startSlot(): Slot {
    const worker = (this.options.spawn ?? spawnFoldWorker)(this.options.resourceLimits);
    worker.unref();
    const slot: Slot = { worker, inFlight: new Map(), isRetiring: false };
    worker.on('message', (reply: FoldReply) => this.settle(slot, reply));
    worker.on('error', (error) => {
      slot.crash = error;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private settle(slot: Slot, reply: FoldReply): void {
    const fold = slot.inFlight.get(reply.id);
    if (fold === undefined) return;
    clearTimeout(fold.timer);
    slot.inFlight.delete(reply.id);
    if (reply.ok) fold.resolve(reply.state);
    else fold.reject(new Error(`fold failed in the fold worker: ${reply.message}`));
    if (slot.inFlight.size > 0) return;
    slot.worker.unref();
    if (!this.isClosed) {
      slot.idleTimer = setTimeout(() => this.retireIdle(slot), this.idleMs);
      slot.idleTimer.unref();
    }
  }

  /** A fold overran: end its worker; onExit fails its folds with the reason. */
  private timeOut(slot: Slot): void {
    if (slot.crash) return;
    slot.crash = new Error(`a fold took longer than ${this.timeoutMs} ms`);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }

  private retireIdle(slot: Slot): void {
    if (slot.inFlight.size > 0) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void this.retire(slot);
  }

  private async retire(slot: Slot): Promise<void> {
    slot.isRetiring = true;
    clearTimeout(slot.idleTimer);
    await slot.worker.terminate();
  }

  private onExit(slot: Slot, code: number): void {
    clearTimeout(slot.idleTimer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (slot.isRetiring && slot.inFlight.size === 0) return;
    const reason = slot.crash ? `: ${slot.crash.message}` : '';
    const error = new Error(`fold worker exited with code ${code}${reason}`, {
      ...(slot.crash ? { cause: slot.crash } : {}),
    });
    this.options.logger?.error(
      { code, inFlight: slot.inFlight.size, error: slot.crash },
      'fold worker exited unexpectedly; the next fold starts a new one',
    );
    for (const fold of slot.inFlight.values()) {
      clearTimeout(fold.timer);
      fold.reject(error);
    }
    slot.inFlight.clear();
  }
}

function totalBytes(parts: readonly Uint8Array[]): number {
  let bytes = 0;
  for (const part of parts) bytes += part.byteLength;
  return bytes;
}
