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
  readonly onDurable: readonly (() => void)[];
}

/** Appends, retries and flushes for one loaded room. */
export class RoomPersistence {
  private readonly inFlight = new Set<Promise<void>>();
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
    return this.inFlight.size === 0 && this.failed.length === 0;
  }

  /**
   * Starts a durable append of one effective update; a failure is kept and retried. `onDurable`
   * runs once the update is durable (after a retry, if need be).
   */
  append(update: Uint8Array, onDurable?: () => void): void {
    if (this.isStopped) throw new Error('append after the room unloaded');
    void this.write({ update, onDurable: onDurable ? [onDurable] : [] }).then((isDurable) => {
      if (!isDurable) this.scheduleRetry();
    });
  }

  /**
   * One flush attempt: settles the appends in flight, then re-appends the failed ones (each on its
   * own). Rejects when something is still not durable (a retry is scheduled either way).
   */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
    if (this.failed.length > 0) {
      const pending = this.failed;
      this.failed = [];
      this.failedBytes = 0;
      // Re-appended one by one (the storage groups them into one commit anyway): merging many
      // updates with Y.mergeUpdates would cost time quadratic in their number.
      await Promise.all(pending.map((entry) => this.write(entry)));
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

  /** Resolves true once durable; false when the append failed and the update was kept for retry. */
  private write(pending: Pending): Promise<boolean> {
    const { update } = pending;
    const { storage, documentId, metrics, logger } = this.context;
    this.inFlightBytes += update.length;
    let settle: () => void = () => undefined;
    const tracked = new Promise<void>((resolve) => (settle = resolve));
    this.inFlight.add(tracked);
    const result = storage.append(documentId, update).then(
      () => {
        for (const callback of pending.onDurable) callback();
        return true;
      },
      (error: unknown) => {
        metrics.storageFailed('append');
        logger.warn({ documentId, error }, 'room update append failed; kept for retry');
        this.failed.push(pending);
        this.failedBytes += update.length;
        return false;
      },
    );
    return result.finally(() => {
      this.inFlightBytes -= update.length;
      this.inFlight.delete(tracked);
      settle();
    });
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
