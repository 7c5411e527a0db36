/**
 * Group commit: appends from every room are buffered and written together, one transaction per
 * tenant per flush, so the database sees a few large transactions instead of one per keystroke.
 *
 * When a flush starts adapts to load, within one hard bound: no append waits more than
 * `maxDelayMs` (or the buffer reached `maxBatchBytes`, which flushes at once).
 *   - Quiet: the last flush started `maxDelayMs` or more ago, so an append is written after only
 *     `minDelayMs` — a lone typist's edit is durable in about that long.
 *   - Busy: flushes start `maxDelayMs` apart, so the commit rate is bounded by the delay, not by
 *     how fast the database answers or how many rooms type. Every commit costs the node a socket
 *     write and the database a transaction whatever its size; fewer, larger groups are most of
 *     what persisting costs per edit (measured in docs/configuration.md, COLLAB_FLUSH_DELAY_MS).
 * Each append's promise settles only with its own transaction: resolved after COMMIT, rejected
 * when that transaction failed (other tenants in the same flush are unaffected).
 */
import { systemClock, type RoomClock, type TimerHandle } from '../room/index.js';

/** One buffered append. */
export interface PendingAppend {
  readonly documentId: string;
  readonly update: Uint8Array;
  /** `performance.now()` when the append was buffered, for the flush-lag metric. */
  readonly bufferedAt: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** Writes one tenant's batch in a single transaction. */
export type BatchWriter = (tenantId: string, batch: readonly PendingAppend[]) => Promise<void>;

export interface GroupCommitOptions {
  /** Longest an append waits in the buffer before its flush starts; also the spacing of flushes under load. */
  readonly maxDelayMs: number;
  /** How long an append waits when the node is quiet (default: a quarter of `maxDelayMs`). */
  readonly minDelayMs?: number;
  /** A buffer this large (bytes of updates) flushes at once instead of waiting. */
  readonly maxBatchBytes: number;
}

/** Buffers appends by tenant and flushes them; at most one flush runs at a time. */
export class GroupCommit {
  private buffer = new Map<string, PendingAppend[]>();
  private bufferedBytes = 0;
  /** clock.now() when the oldest buffered append arrived. */
  private oldestAt = 0;
  /** clock.now() when the last flush started (-Infinity: none yet, so the first one is quick). */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | null = null;
  private flushing: Promise<void> | null = null;
  private readonly minDelayMs: number;

  constructor(
    private readonly write: BatchWriter,
    private readonly options: GroupCommitOptions,
    private readonly clock: RoomClock = systemClock,
  ) {
    const { maxDelayMs, minDelayMs = maxDelayMs / 4 } = options;
    if (!(minDelayMs >= 0 && minDelayMs <= maxDelayMs)) {
      throw new RangeError('group commit: minDelayMs must be between 0 and maxDelayMs');
    }
    this.minDelayMs = minDelayMs;
  }

  /** Updates waiting for a flush (not those of the flush in progress). */
  get pendingCount(): number {
    let count = 0;
    for (const batch of this.buffer.values()) count += batch.length;
    return count;
  }

  add(tenantId: string, entry: PendingAppend): void {
    if (this.buffer.size === 0) this.oldestAt = this.clock.now();
    const batch = this.buffer.get(tenantId);
    if (batch) batch.push(entry);
    else this.buffer.set(tenantId, [entry]);
    this.bufferedBytes += entry.update.byteLength;
    if (this.bufferedBytes >= this.options.maxBatchBytes) this.kick(0);
    else this.kick(this.remainingDelay());
  }

  /** Flushes everything buffered now and waits for it (shutdown). */
  async drain(): Promise<void> {
    while (this.flushing !== null || this.buffer.size > 0) {
      if (this.flushing === null) this.startFlush();
      await this.flushing;
    }
  }

  private kick(delayMs: number): void {
    // A running flush starts the next one itself when it finishes: the buffer then holds
    // everything that arrived meanwhile, which is exactly the group to commit next.
    if (this.flushing !== null) return;
    if (delayMs === 0) {
      this.startFlush();
      return;
    }
    this.timer ??= this.clock.setTimer(delayMs, () => this.startFlush());
  }

  private startFlush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.flushing !== null || this.buffer.size === 0) return;
    this.lastFlushAt = this.clock.now();
    const groups = this.buffer;
    this.buffer = new Map();
    this.bufferedBytes = 0;
    this.flushing = this.flushGroups(groups).finally(() => {
      this.flushing = null;
      // What arrived during this flush is the next group; it waits as the rules above say.
      if (this.buffer.size === 0) return;
      this.kick(this.bufferedBytes >= this.options.maxBatchBytes ? 0 : this.remainingDelay());
    });
  }

  /** Until the buffered group's flush: quick when quiet, `maxDelayMs` apart when busy, never later than `maxDelayMs` after its oldest append. */
  private remainingDelay(): number {
    const { maxDelayMs } = this.options;
    const due = Math.min(
      this.oldestAt + maxDelayMs,
      Math.max(this.oldestAt + this.minDelayMs, this.lastFlushAt + maxDelayMs),
    );
    return Math.max(0, due - this.clock.now());
  }

  private async flushGroups(groups: Map<string, PendingAppend[]>): Promise<void> {
    await Promise.all(
      [...groups].map(async ([tenantId, batch]) => {
        try {
          await this.write(tenantId, batch);
        } catch (error) {
          for (const entry of batch) entry.reject(error);
          return;
        }
        for (const entry of batch) entry.resolve();
      }),
    );
  }
}
