/**
 * The room's durability watermark (SPEC.md R38): every append gets the next sequence number, and
 * the watermark is the highest number up to which every append is durable. Appends commit out of
 * order (a failed one is retried later, R27), so "durable up to n" waits for the gaps to close.
 * Waiters ask for "everything appended so far" and are called back in order.
 */

/** Contiguous durability of a room's appends; see the file comment. */
export class DurableWatermark {
  /** Sequence number of the last append started. */
  private issued = 0;
  /** Every append up to here is durable. */
  private durableUpTo = 0;
  /** Durable appends above the watermark, waiting for a gap below them to close. */
  private readonly ahead = new Set<number>();
  /** Callbacks by the sequence number they wait for, in ascending order. */
  private readonly waiters: { readonly seq: number; readonly callback: () => void }[] = [];

  /** Numbers the next append. */
  next(): number {
    this.issued += 1;
    return this.issued;
  }

  /** Append `seq` is durable; advances the watermark across every contiguous durable one. */
  durable(seq: number): void {
    if (seq <= this.durableUpTo) return;
    this.ahead.add(seq);
    while (this.ahead.delete(this.durableUpTo + 1)) this.durableUpTo += 1;
    while (this.waiters.length > 0 && this.waiters[0]!.seq <= this.durableUpTo) {
      this.waiters.shift()!.callback();
    }
  }

  /** Calls back once every append started so far is durable (at once if none is pending). */
  whenAllDurable(callback: () => void): void {
    const seq = this.issued;
    if (seq <= this.durableUpTo) callback();
    else this.waiters.push({ seq, callback });
  }

  /** Drops the waiters (the room unloads; its connections are closed). */
  clear(): void {
    this.waiters.length = 0;
  }
}
