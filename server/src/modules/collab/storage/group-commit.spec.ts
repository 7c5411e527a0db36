import { ManualClock } from '../room/testing/manual-clock.js';
import { GroupCommit, type PendingAppend } from './group-commit.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

interface Write {
  readonly at: number;
  readonly tenantId: string;
  readonly documents: string[];
  finish(error?: Error): void;
}

/**
 * A GroupCommit on a manual clock whose writes are recorded and finish only when the test says so
 * (`autoFinish` finishes each at once), plus an `append` that reports how its promise settled.
 */
function harness(
  options: { maxDelayMs?: number; minDelayMs?: number; maxBatchBytes?: number } = {},
) {
  const clock = new ManualClock();
  const writes: Write[] = [];
  let autoFinish = true;
  const group = new GroupCommit(
    (tenantId, batch) =>
      new Promise<void>((resolve, reject) => {
        const write: Write = {
          at: clock.now(),
          tenantId,
          documents: batch.map((entry) => entry.documentId),
          finish: (error) => (error ? reject(error) : resolve()),
        };
        writes.push(write);
        if (autoFinish) write.finish();
      }),
    { maxDelayMs: 40, maxBatchBytes: 1024, ...options },
    clock,
  );
  const append = (documentId: string, tenantId = 't1', bytes = 10) => {
    const outcome: { settled: 'pending' | 'resolved' | 'rejected' } = { settled: 'pending' };
    const entry: PendingAppend = {
      documentId,
      update: new Uint8Array(bytes),
      bufferedAt: clock.now(),
      resolve: () => (outcome.settled = 'resolved'),
      reject: () => (outcome.settled = 'rejected'),
    };
    group.add(tenantId, entry);
    return outcome;
  };
  return {
    clock,
    writes,
    group,
    append,
    holdWrites: () => (autoFinish = false),
  };
}

describe('GroupCommit', () => {
  it('writes a quiet node’s append after minDelayMs (a quarter of maxDelayMs by default)', async () => {
    const { clock, writes, append } = harness();
    const first = append('d1');
    clock.advance(9);
    expect(writes).toHaveLength(0);
    clock.advance(1);
    expect(writes.map((write) => write.at)).toEqual([10]);
    await settle();
    expect(first.settled).toBe('resolved');
  });

  it('spaces flushes maxDelayMs apart under load, and no append waits longer than maxDelayMs', async () => {
    const { clock, writes, append } = harness();
    append('d1');
    clock.advance(10); // quiet: written at 10
    await settle();
    clock.advance(2);
    append('d2'); // at 12: the last flush started at 10, so this group is due at 50
    clock.advance(37);
    expect(writes).toHaveLength(1);
    clock.advance(1);
    expect(writes.map((write) => write.at)).toEqual([10, 50]);
    await settle();
    // Long after the last flush the node is quiet again: quick once more.
    clock.advance(200);
    append('d3');
    clock.advance(10);
    expect(writes.map((write) => write.at)).toEqual([10, 50, 260]);
  });

  it('groups what arrived during a slow write and starts it as soon as that write ends when it is overdue', async () => {
    const { clock, writes, append, holdWrites } = harness();
    holdWrites();
    const first = append('d1');
    clock.advance(10);
    expect(writes).toHaveLength(1);
    const second = append('d2');
    const third = append('d3');
    clock.advance(100); // the database is slow: nothing more starts while a flush runs
    expect(writes).toHaveLength(1);
    expect([first.settled, second.settled]).toEqual(['pending', 'pending']);
    writes[0]!.finish();
    await settle();
    expect(first.settled).toBe('resolved');
    expect(writes.map((write) => [write.at, write.documents])).toEqual([
      [10, ['d1']],
      [110, ['d2', 'd3']],
    ]);
    writes[1]!.finish();
    await settle();
    expect([second.settled, third.settled]).toEqual(['resolved', 'resolved']);
  });

  it('flushes at once when the buffer reaches maxBatchBytes', () => {
    const { writes, append } = harness({ maxBatchBytes: 100 });
    append('d1', 't1', 60);
    expect(writes).toHaveLength(0);
    append('d2', 't1', 40);
    expect(writes.map((write) => write.documents)).toEqual([['d1', 'd2']]);
  });

  it('writes each tenant in its own transaction; one failing rejects only its own appends', async () => {
    const { clock, writes, append, holdWrites } = harness();
    holdWrites();
    const a = append('d1', 't1');
    const b = append('d2', 't2');
    clock.advance(10);
    expect(writes.map((write) => [write.tenantId, write.documents])).toEqual([
      ['t1', ['d1']],
      ['t2', ['d2']],
    ]);
    writes[0]!.finish(new Error('disk full'));
    writes[1]!.finish();
    await settle();
    expect([a.settled, b.settled]).toEqual(['rejected', 'resolved']);
  });

  it('drain writes everything buffered without waiting for the delay', async () => {
    const { writes, append, group } = harness();
    const entry = append('d1');
    await group.drain();
    expect(writes).toHaveLength(1);
    expect(entry.settled).toBe('resolved');
  });

  it('honours an explicit minDelayMs and refuses one outside 0..maxDelayMs', () => {
    const { clock, writes, append } = harness({ minDelayMs: 0 });
    append('d1');
    clock.advance(0);
    expect(writes).toHaveLength(1);
    expect(() => harness({ minDelayMs: 41 })).toThrow(RangeError);
    expect(() => harness({ minDelayMs: -1 })).toThrow(RangeError);
  });
});
