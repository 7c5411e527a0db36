import type { Logger } from '../../platform/logging/logger.js';
import type { DocumentChange, DocumentContent } from '../collab/index.js';

/** The clock and timers the checkpointer schedules with; tests inject a clock they advance by hand. */
export interface CheckpointTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Real timers that never keep the process alive. */
export const NODE_TIMERS: CheckpointTimers = {
  now: () => performance.now(),
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CheckpointerOptions {
  /** A checkpoint once the document has had no edit for this long… */
  readonly idleMs: number;
  /** …or at the latest this long after the first edit of a burst of activity. */
  readonly intervalMs: number;
  /** Makes the checkpoint (an unchanged content hash makes no version). */
  readonly checkpoint: (tenantId: string, documentId: string) => Promise<unknown>;
  readonly logger: Pick<Logger, 'warn'>;
  readonly timers?: CheckpointTimers;
}

/**
 * A document's activity since its last checkpoint here: the two timers racing to end it. An edit
 * only moves `lastTouchAt`; the idle timer, when it fires early, re-arms for the rest (a busy
 * document would otherwise clear and set a timer per keystroke).
 */
interface Burst {
  readonly tenantId: string;
  readonly documentId: string;
  readonly deadline: unknown;
  idle: unknown;
  lastTouchAt: number;
}

/**
 * Automatic versions while a document is edited on this node: each burst of activity ends in one
 * checkpoint, after `idleMs` without edits or `intervalMs` after its first edit, whichever comes
 * first. Server changes count as activity too (a restore's own version makes its checkpoint find
 * the hash unchanged). A failed checkpoint is logged; the next edit starts a burst that retries.
 */
export class Checkpointer {
  private readonly bursts = new Map<string, Burst>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers: CheckpointTimers;
  private isStopped = false;
  private settled = 0;

  constructor(private readonly options: CheckpointerOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
  }

  /** Hears one change: starts a burst or pushes its idle deadline back. */
  touch(change: DocumentChange): void {
    if (this.isStopped) return;
    const { key } = change;
    const now = this.timers.now();
    const burst = this.bursts.get(key);
    if (burst) {
      burst.lastTouchAt = now;
      return;
    }
    this.bursts.set(key, {
      tenantId: change.tenantId,
      documentId: change.documentId,
      deadline: this.timers.set(() => this.end(key), this.options.intervalMs),
      idle: this.timers.set(() => this.idleElapsed(key), this.options.idleMs),
      lastTouchAt: now,
    });
  }

  /** Starts hearing the node's changes; returns the unsubscribe. */
  listen(content: Pick<DocumentContent, 'onChange'>): () => void {
    return content.onChange((change) => this.touch(change));
  }

  /** Documents with a checkpoint pending. */
  get pending(): number {
    return this.bursts.size;
  }

  /** Checkpoints pending or running: 0 once every burst so far has ended in its checkpoint. */
  get active(): number {
    return this.bursts.size + this.running.size;
  }

  /** Checkpoints finished so far (made a version, found nothing changed, or failed). */
  get completed(): number {
    return this.settled;
  }

  /** Cancels every pending checkpoint and waits for those already running. */
  async stop(): Promise<void> {
    this.isStopped = true;
    for (const burst of this.bursts.values()) this.cancel(burst);
    this.bursts.clear();
    await Promise.all([...this.running]);
  }

  /** The idle timer fired: the burst ends if no edit came since, or waits out the rest. */
  private idleElapsed(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    const quietFor = this.timers.now() - burst.lastTouchAt;
    if (quietFor >= this.options.idleMs) return this.end(key);
    burst.idle = this.timers.set(() => this.idleElapsed(key), this.options.idleMs - quietFor);
  }

  private end(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.cancel(burst);
    this.bursts.delete(key);
    const { tenantId, documentId } = burst;
    const run = this.options
      .checkpoint(tenantId, documentId)
      .then(
        () => undefined,
        (error: unknown) =>
          this.options.logger.warn(
            { error, tenantId, documentId },
            'version checkpoint failed; the next edit retries it',
          ),
      )
      .finally(() => {
        this.settled += 1;
        this.running.delete(run);
      });
    this.running.add(run);
  }

  private cancel(burst: Burst): void {
    this.timers.clear(burst.idle);
    this.timers.clear(burst.deadline);
  }
}
