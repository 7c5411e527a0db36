import { documentKey } from '../collab/index.js';
import { Checkpointer, type CheckpointTimers } from './checkpointer.js';

/** A clock advanced by hand: timers fire in due order, none on their own. */
class ManualTimers implements CheckpointTimers {
  private time = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  /** Timers set so far. */
  sets = 0;

  set(fn: () => void, ms: number): unknown {
    this.sets += 1;
    const id = this.next++;
    this.due.set(id, { at: this.time + ms, fn });
    return id;
  }

  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }

  get scheduled(): number {
    return this.due.size;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const [id, timer] = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !timer || timer.at > until) break;
      this.due.delete(id);
      this.time = timer.at;
      timer.fn();
    }
    this.time = until;
  }
}

const A = { key: documentKey('t1', 'd1'), tenantId: 't1', documentId: 'd1', userId: 'u1' };
const B = { key: documentKey('t1', 'd2'), tenantId: 't1', documentId: 'd2', userId: null };

function setup(checkpoint: (tenantId: string, documentId: string) => Promise<unknown>) {
  const timers = new ManualTimers();
  const warnings: unknown[] = [];
  const checkpointer = new Checkpointer({
    idleMs: 1000,
    intervalMs: 5000,
    checkpoint,
    logger: { warn: (...args: unknown[]) => warnings.push(args) } as never,
    timers,
  });
  return { timers, checkpointer, warnings };
}

describe('Checkpointer', () => {
  it('checkpoints a document once it has been idle for idleMs', () => {
    const made: string[] = [];
    const { timers, checkpointer } = setup(async (_t, d) => made.push(`${d}@${timers.now()}`));
    checkpointer.touch(A);
    timers.advance(600);
    checkpointer.touch(A);
    timers.advance(999);
    expect(made).toEqual([]);
    timers.advance(1);
    expect(made).toEqual(['d1@1600']);
    timers.advance(10_000);
    expect(made).toEqual(['d1@1600']);
    expect(timers.scheduled).toBe(0);
  });

  it('does not re-arm a timer per edit: a burst of keystrokes sets its two timers, plus one per idle wake-up', () => {
    const made: number[] = [];
    const { timers, checkpointer } = setup(async () => made.push(timers.now()));
    for (let i = 0; i < 100; i += 1) {
      checkpointer.touch(A);
      timers.advance(5);
    }
    // 100 edits over 500 ms; the idle timer first fires at 1000, 505 ms after the last edit.
    expect(timers.sets).toBe(2);
    timers.advance(500);
    expect(timers.sets).toBe(3);
    timers.advance(494);
    expect(made).toEqual([]);
    timers.advance(1);
    expect(made).toEqual([1495]);
    expect(timers.scheduled).toBe(0);
  });

  it('checkpoints at the latest intervalMs after the first edit of a busy burst', () => {
    const made: number[] = [];
    const { timers, checkpointer } = setup(async () => made.push(timers.now()));
    for (let t = 0; t < 12_000; t += 500) {
      checkpointer.touch(A);
      timers.advance(500);
    }
    // Edits every 500 ms never leave it idle: the burst deadline ends each burst instead.
    expect(made).toEqual([5000, 10_000]);
  });

  it('keeps documents apart and counts server changes as activity', () => {
    const made: string[] = [];
    const { timers, checkpointer } = setup(async (_t, d) => made.push(d));
    checkpointer.touch(A);
    timers.advance(500);
    checkpointer.touch(B);
    timers.advance(500);
    expect(made).toEqual(['d1']);
    timers.advance(500);
    expect(made).toEqual(['d1', 'd2']);
  });

  it('logs a failed checkpoint and retries on the next activity', async () => {
    let calls = 0;
    const { timers, checkpointer, warnings } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
    });
    checkpointer.touch(A);
    timers.advance(1000);
    // The failure settles within the microtasks before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toHaveLength(1);
    expect(checkpointer.completed).toBe(1);
    checkpointer.touch(A);
    timers.advance(1000);
    expect(calls).toBe(2);
  });

  it('stop cancels pending checkpoints and waits for running ones', async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const { timers, checkpointer } = setup(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            finished = true;
            resolve();
          };
        }),
    );
    checkpointer.touch(A);
    timers.advance(1000);
    checkpointer.touch(B);
    expect(checkpointer.pending).toBe(1);
    expect(checkpointer.active).toBe(2);
    const stopped = checkpointer.stop();
    expect(timers.scheduled).toBe(0);
    release();
    await stopped;
    expect(finished).toBe(true);
    checkpointer.touch(A);
    expect(checkpointer.pending).toBe(0);
  });
});
