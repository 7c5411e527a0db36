import { silentRoomLogger } from '../room/index.js';
import { CompactionScheduler, type CompactionPolicy } from './compaction-scheduler.js';
import type { RoomKey } from './room-key.js';

const policy: CompactionPolicy = { maxUpdates: 10, maxBytes: 1000, maxAgeMs: 60_000 };
const doc = (n: number): RoomKey => ({
  tenantId: '00000000-0000-4000-8000-000000000001',
  documentId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A scheduler whose requests are recorded instead of enqueued. */
function recording() {
  const requested: RoomKey[] = [];
  const scheduler = new CompactionScheduler(
    async (key) => requested.push(key),
    policy,
    silentRoomLogger,
  );
  return { requested, scheduler };
}

describe('CompactionScheduler', () => {
  it('requests a document once its unfolded rows reach maxUpdates, then counts afresh', () => {
    const { requested, scheduler } = recording();
    scheduler.observe(doc(1), 6, 60);
    scheduler.observe(doc(2), 9, 90);
    expect(requested).toEqual([]);
    scheduler.observe(doc(1), 4, 40);
    expect(requested).toEqual([doc(1)]);
    expect(scheduler.trackedCount).toBe(1);
    scheduler.observe(doc(1), 9, 90);
    expect(requested).toEqual([doc(1)]);
  });

  it('requests on maxBytes before maxUpdates (one large paste)', () => {
    const { requested, scheduler } = recording();
    scheduler.observe(doc(1), 1, 1000);
    expect(requested).toEqual([doc(1)]);
  });

  it('requests a document whose oldest unfolded row is older than maxAgeMs on a sweep', () => {
    const { requested, scheduler } = recording();
    scheduler.observe(doc(1), 1, 10);
    scheduler.sweep(Date.now() + policy.maxAgeMs - 1000);
    expect(requested).toEqual([]);
    scheduler.sweep(Date.now() + policy.maxAgeMs);
    expect(requested).toEqual([doc(1)]);
    expect(scheduler.trackedCount).toBe(0);
  });

  it('checks once more after a request with no rows since, in case a running job absorbed it', () => {
    const { requested, scheduler } = recording();
    scheduler.observe(doc(1), 10, 100);
    expect(requested).toHaveLength(1);
    scheduler.sweep(Date.now() + policy.maxAgeMs);
    expect(requested).toHaveLength(2);
    scheduler.sweep(Date.now() + 3 * policy.maxAgeMs);
    scheduler.sweep(Date.now() + 5 * policy.maxAgeMs);
    expect(requested).toHaveLength(2);
  });

  it('keeps the count of a failed request for the next sweep instead of retrying at once', async () => {
    let calls = 0;
    const scheduler = new CompactionScheduler(
      () => {
        calls += 1;
        return Promise.reject(new Error('queue closed'));
      },
      policy,
      silentRoomLogger,
    );
    scheduler.observe(doc(1), 10, 100);
    await settle();
    await settle();
    expect(calls).toBe(1);
    expect(scheduler.trackedCount).toBe(1);
    scheduler.sweep(Date.now() + policy.maxAgeMs);
    await settle();
    expect(calls).toBe(2);
  });

  it('rejects a policy that would compact never or always', () => {
    const make = (p: CompactionPolicy) =>
      new CompactionScheduler(async () => undefined, p, silentRoomLogger);
    expect(() => make({ ...policy, maxUpdates: 0 })).toThrow('maxUpdates');
    expect(() => make({ ...policy, maxAgeMs: Number.NaN })).toThrow('maxAgeMs');
  });
});

describe('CompactionScheduler after a request', () => {
  it('asks again for rows that arrived after a request a running job may have absorbed', () => {
    const { requested, scheduler } = recording();
    scheduler.observe(doc(1), 10, 100);
    expect(requested).toHaveLength(1);
    // Rows committed while that compaction ran: below the count threshold.
    scheduler.observe(doc(1), 2, 20);
    scheduler.sweep(Date.now() + policy.maxAgeMs);
    expect(requested).toHaveLength(2);
    // Then one confirming check, and the document stops being tracked.
    scheduler.sweep(Date.now() + 3 * policy.maxAgeMs);
    expect(requested).toHaveLength(3);
    scheduler.sweep(Date.now() + 5 * policy.maxAgeMs);
    scheduler.sweep(Date.now() + 7 * policy.maxAgeMs);
    expect(requested).toHaveLength(3);
  });
});
