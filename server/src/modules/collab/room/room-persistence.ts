/**
 * Durability of one loaded room (SPEC.md R27, R28). Every effective update is appended as it
 * happens; an append that fails is kept in memory and retried with backoff, so no update
 * is lost while the room lives. A flush settles the appends in flight and re-appends what failed;
 * the room unloads only after a flush left nothing unpersisted.
 */
import type { RoomContext } from './room-context.js';
import type { TimerHandle } from './room.ports.js';
import { backoffDelay } from './timing.js';

/** Flush outcomes, for the lifecycle (a draining room unloads on `flushed`). */
export interface PersistenceEvents {
  /** A flush finished and nothing is left unpersisted. */
  flushed(): void;
  /** A flush failed; `failures` counts consecutive failures (a retry is already scheduled). */
  flushFailed(failures: number): void;
}

/** An update not yet known durable, with whoever waits for it to be. */
interface Pending {
  readonly update: Uint8Array;
  readonly onDurable: (() => void) | null;
}

/**
 * Appends started between two flushes, counted rather than each tracked by a promise: a busy room
 * appends on every edit, while a flush (which waits for them) is rare.
 */
class InFlightBatch {
  count = 0;
  private waiters: (() => void)[] | null = null;

  /** Resolves once every append of the batch settled. */
  settled(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => (this.waiters ??= []).push(resolve));
  }

  /** One append settled; true when it was the last. */
  release(): boolean {
    this.count -= 1;
    if (this.count > 0) return false;
    for (const resolve of this.waiters ?? []) resolve();
    this.waiters = null;
    return true;
  }
}

/** Appends, retries and flushes for one loaded room. */
export class RoomPersistence {
  /** Batches with appends still in flight; `openBatch` takes the appends started now. */
  private readonly inFlight = new Set<InFlightBatch>();
  private openBatch: InFlightBatch | null = null;
  private inFlightCount = 0;
  private inFlightBytes = 0;
  private failed: Pending[] = [];
  private failedBytes = 0;
  private consecutiveFailures = 0;
  private retryTimer: TimerHandle | null = null;
  private isStopped = false;

  constructor(
    private readonly context: RoomContext,
    private readonly events: PersistenceEvents,
  ) {}

  /** Bytes of updates not yet known to be durable (in flight or waiting for a retry). */
  get unpersistedBytes(): number {
    return this.inFlightBytes + this.failedBytes;
  }

  get isClean(): boolean {
    return this.inFlightCount === 0 && this.failed.length === 0;
  }

  /**
   * Starts a durable append of one effective update; a failure is kept and retried. `onDurable`
   * runs once the update is durable (after a retry, if need be).
   */
  append(update: Uint8Array, onDurable?: () => void): void {
    if (this.isStopped) throw new Error('append after the room unloaded');
    void this.write({ update, onDurable: onDurable ?? null }, true);
  }

  /**
   * One flush attempt: settles the appends in flight, then re-appends the failed ones (each on its
   * own). Rejects when something is still not durable (a retry is scheduled either way).
   */
  async flush(): Promise<void> {
    // Appends started from here on belong to a later flush.
    this.openBatch = null;
    await Promise.all([...this.inFlight].map((batch) => batch.settled()));
    if (this.failed.length > 0) {
      const pending = this.failed;
      this.failed = [];
      this.failedBytes = 0;
      // Re-appended one by one (the storage groups them into one commit anyway): merging many
      // updates with Y.mergeUpdates would cost time quadratic in their number.
      await Promise.all(pending.map((entry) => this.write(entry, false)));
    }
    if (this.failed.length > 0) {
      this.consecutiveFailures += 1;
      this.context.metrics.storageFailed('flush');
      this.scheduleRetry();
      this.events.flushFailed(this.consecutiveFailures);
      throw new Error(`flush of ${this.context.documentId} failed; retry scheduled`);
    }
    this.consecutiveFailures = 0;
    if (this.isClean) this.events.flushed();
  }

  /** Flushes now instead of waiting for the scheduled retry (the start of a drain). */
  flushNow(): void {
    this.retryTimer?.cancel();
    this.retryTimer = null;
    void this.flush().catch(() => undefined);
  }

  /** Stops retrying; what is still unpersisted is given up (the room decided to unload anyway). */
  stop(): void {
    this.isStopped = true;
    this.retryTimer?.cancel();
    this.retryTimer = null;
  }

  /**
   * Resolves true once durable; false when the append failed and the update was kept for retry
   * (a retry is scheduled here when `retryOnFailure`; a flush schedules its own).
   */
  private write(pending: Pending, retryOnFailure: boolean): Promise<boolean> {
    const { update } = pending;
    const { storage, documentId } = this.context;
    const batch = this.openBatch ?? this.openNewBatch();
    batch.count += 1;
    this.inFlightCount += 1;
    this.inFlightBytes += update.length;
    return storage.append(documentId, update).then(
      () => {
        this.settle(batch, update.length);
        pending.onDurable?.();
        return true;
      },
      (error: unknown) => {
        const { metrics, logger } = this.context;
        metrics.storageFailed('append');
        logger.warn({ documentId, error }, 'room update append failed; kept for retry');
        this.failed.push(pending);
        this.failedBytes += update.length;
        this.settle(batch, update.length);
        if (retryOnFailure) this.scheduleRetry();
        return false;
      },
    );
  }

  private openNewBatch(): InFlightBatch {
    const batch = new InFlightBatch();
    this.inFlight.add(batch);
    this.openBatch = batch;
    return batch;
  }

  private settle(batch: InFlightBatch, bytes: number): void {
    this.inFlightCount -= 1;
    this.inFlightBytes -= bytes;
    if (!batch.release()) return;
    this.inFlight.delete(batch);
    if (this.openBatch === batch) this.openBatch = null;
  }

  private scheduleRetry(): void {
    if (this.isStopped || this.retryTimer !== null) return;
    const delay = backoffDelay(this.context.timings.flushRetry, this.consecutiveFailures + 1);
    this.retryTimer = this.context.clock.setTimer(delay, () => {
      this.retryTimer = null;
      void this.flush().catch(() => undefined);
    });
  }
}
