/**
 * Group commit: appends from every room are buffered and written together, one transaction per
 * tenant per flush, so the database sees a few large transactions instead of one per keystroke.
 * A flush starts when the oldest buffered append has waited `maxDelayMs` (or the buffer reached
 * `maxBatchBytes`), also right after a previous flush: under load the commit rate is bounded by
 * the delay, not by how fast the database answers.
 * Each append's promise settles only with its own transaction: resolved after COMMIT, rejected
 * when that transaction failed (other tenants in the same flush are unaffected).
 */

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
  /** Longest an append waits in the buffer before its flush starts. */
  readonly maxDelayMs: number;
  /** A buffer this large (bytes of updates) flushes at once instead of waiting. */
  readonly maxBatchBytes: number;
}

/** Buffers appends by tenant and flushes them; at most one flush runs at a time. */
export class GroupCommit {
  private buffer = new Map<string, PendingAppend[]>();
  private bufferedBytes = 0;
  /** performance.now() when the oldest buffered append arrived. */
  private oldestAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly write: BatchWriter,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Updates waiting for a flush (not those of the flush in progress). */
  get pendingCount(): number {
    let count = 0;
    for (const batch of this.buffer.values()) count += batch.length;
    return count;
  }

  add(tenantId: string, entry: PendingAppend): void {
    if (this.buffer.size === 0) this.oldestAt = performance.now();
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
    this.timer ??= setTimeout(() => this.startFlush(), delayMs);
  }

  private startFlush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing !== null || this.buffer.size === 0) return;
    const groups = this.buffer;
    this.buffer = new Map();
    this.bufferedBytes = 0;
    this.flushing = this.flushGroups(groups).finally(() => {
      this.flushing = null;
      // What arrived during this flush is written once its oldest entry waited maxDelayMs.
      if (this.buffer.size === 0) return;
      this.kick(this.bufferedBytes >= this.options.maxBatchBytes ? 0 : this.remainingDelay());
    });
  }

  private remainingDelay(): number {
    return Math.max(0, this.oldestAt + this.options.maxDelayMs - performance.now());
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
