/**
 * The edit generator of one worker: a fixed rate spread round-robin over every writer of its
 * rooms (interleaved, so consecutive edits land in different rooms), a warm-up, then the measured
 * window. Windows are fixed in time, so workers and the main thread's CPU snapshots agree on them.
 *
 * When the generator falls behind it skips the missed edits instead of bursting them: a burst
 * would look like server latency. Skipped edits show as a lower achieved rate.
 */

/** What the generator types into: a room whose writers 0 … writerCount − 1 each make edits. */
export interface TypingRoom {
  readonly writerCount: number;
  edit(index: number, measured: boolean): void;
}

export interface LoadPlan {
  /** Edits per second, over all the given rooms. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadOutcome {
  readonly editsTotal: number;
  readonly editsInWindow: number;
  /** Window edits dropped because the generator fell more than `MAX_BACKLOG_MS` behind. */
  readonly skipped: number;
}

const TICK_MS = 2;
/** Edits may be issued late by at most this much; older ones are skipped. */
const MAX_BACKLOG_MS = 20;

/** Types from `startAt` (a `performance.now()` time) until the window ends. */
export function runLoad(
  rooms: readonly TypingRoom[],
  plan: LoadPlan,
  startAt: number,
): Promise<LoadOutcome> {
  const writers: { room: TypingRoom; index: number }[] = [];
  const widest = Math.max(...rooms.map((r) => r.writerCount));
  for (let index = 0; index < widest; index++) {
    for (const room of rooms) if (index < room.writerCount) writers.push({ room, index });
  }
  const maxBacklog = Math.max(1, Math.ceil((plan.rate * MAX_BACKLOG_MS) / 1000));
  const windowStart = plan.warmupMs;
  const windowEnd = plan.warmupMs + plan.durationMs;

  return new Promise((resolve, reject) => {
    let made = 0;
    let skipped = 0;
    let before: { made: number; skipped: number } | null = null;

    const tick = () => {
      const elapsed = performance.now() - startAt;
      if (elapsed < 0) return;
      if (elapsed >= windowEnd) {
        clearInterval(timer);
        resolve({
          editsTotal: made,
          editsInWindow: made - (before?.made ?? made),
          skipped: skipped - (before?.skipped ?? skipped),
        });
        return;
      }
      const measured = elapsed >= windowStart;
      if (measured && before === null) before = { made, skipped };
      let due = Math.floor((plan.rate * elapsed) / 1000) - skipped;
      if (due - made > maxBacklog) {
        skipped += due - made - maxBacklog;
        due = made + maxBacklog;
      }
      for (; made < due; made++) {
        const writer = writers[made % writers.length]!;
        writer.room.edit(writer.index, measured);
      }
    };
    const timer = setInterval(() => {
      try {
        tick();
      } catch (error) {
        clearInterval(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, TICK_MS);
  });
}
