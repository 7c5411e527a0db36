import * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { MemoryRoomStorage } from './memory-room-storage.js';
import { settle } from './testing/manual-clock.js';
import { RoomFixture } from './testing/room-fixture.js';
import { docFromStoredState } from './stored-state.js';

async function reload(storage: MemoryRoomStorage, documentId = 'doc-1'): Promise<Y.Doc> {
  return docFromStoredState(await storage.load(documentId));
}

const timings = { idleUnloadMs: 1000, flushRetry: { initialMs: 100, maxMs: 400 } };

describe('Room persistence and unloading', () => {
  let fixture: RoomFixture;
  afterEach(async () => fixture.dispose());

  it('R27: a failed append is kept, retried with backoff, and ends up stored', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    storage.failNext('append', 2);
    alice.doc.getMap('fields').set('title', 'kept');
    await fixture.deliverAll();
    expect(bob.doc.getMap('fields').get('title')).toBe('kept');
    expect(fixture.clock.nextTimerIn()).toBe(100);
    fixture.clock.advance(100);
    await settle();
    expect(fixture.clock.nextTimerIn()).toBe(200); // second failure: doubled
    fixture.clock.advance(200);
    await settle();
    expect(fixture.clock.nextTimerIn()).toBeNull();
    expect((await reload(storage)).getMap('fields').get('title')).toBe('kept');
    expect(fixture.metrics.storageFailures.get('append')).toBe(2);
  });

  it('R27: the retry delay doubles up to its cap', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    storage.failNext('append', 10);
    alice.doc.getMap('fields').set('k', 1);
    await fixture.deliverAll();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const delay = fixture.clock.nextTimerIn()!;
      delays.push(delay);
      fixture.clock.advance(delay);
      await settle();
    }
    expect(delays).toEqual([100, 200, 400, 400, 400]);
  });

  it('R28: an idle room unloads after the delay, only once everything is stored', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    alice.doc.getXmlFragment('body').insert(0, [new Y.XmlText('persist me')]);
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('late', true);
    await fixture.deliverAll();
    alice.disconnect();
    fixture.clock.advance(999);
    expect(fixture.room.stateKind).toBe('active');
    fixture.clock.advance(1);
    await settle();
    expect(fixture.room.stateKind).toBe('draining');
    storage.release('append');
    await expect(fixture.room.whenUnloaded()).resolves.toEqual({ reason: 'idle', flushed: true });
    const stored = await reload(storage);
    expect(stored.getXmlFragment('body').toJSON()).toBe('persist me');
    expect(stored.getMap('fields').get('late')).toBe(true);
  });

  it('R28: a failed final flush keeps the room and retries until it succeeds', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    storage.failNext('append', 3);
    alice.doc.getMap('fields').set('precious', 1);
    await fixture.deliverAll();
    alice.disconnect();
    fixture.clock.advance(1000); // idle: the drain's flush retries the failed append at once
    await settle();
    expect(fixture.room.stateKind).toBe('draining');
    expect(fixture.room.doc).not.toBeNull();
    for (let i = 0; i < 10 && fixture.room.stateKind === 'draining'; i++) {
      fixture.clock.advance(fixture.clock.nextTimerIn() ?? 0);
      await settle();
    }
    expect(fixture.room.stateKind).toBe('unloaded');
    expect(fixture.metrics.storageFailures.get('flush')).toBeGreaterThanOrEqual(1);
    expect((await reload(storage)).getMap('fields').get('precious')).toBe(1);
  });

  it('R30: shutdown flushes, then closes every client with 4512, ignoring late messages', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('before', 1);
    alice.deliverAll();
    const unloaded = fixture.room.shutdown();
    bob.doc.getMap('fields').set('during', 2);
    bob.deliverAll();
    expect(bob.isConnected).toBe(true);
    storage.release('append');
    await expect(unloaded).resolves.toEqual({ reason: 'shutdown', flushed: true });
    await fixture.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    expect(bob.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    const stored = await reload(storage);
    expect(stored.getMap('fields').toJSON()).toEqual({ before: 1 });
  });

  it('R30: a join during shutdown is refused with 4512', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings });
    const alice = fixture.client('alice');
    alice.doc.getMap('fields').set('x', 1);
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('x', 2);
    await fixture.deliverAll();
    void fixture.room.shutdown();
    const late = fixture.client('late');
    late.deliverAll();
    expect(late.closes[0]?.code).toBe(CLOSE.serverDraining.code);
  });

  it('R30: a shutdown gives up after its attempts and still closes clients (they keep edits)', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings: { ...timings, shutdownFlushAttempts: 2 } });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    storage.failNext('append', 100);
    alice.doc.getMap('fields').set('unsaved', 1);
    await fixture.deliverAll();
    const unloaded = fixture.room.shutdown();
    for (let i = 0; i < 10 && fixture.room.stateKind !== 'unloaded'; i++) {
      await settle();
      fixture.clock.advance(fixture.clock.nextTimerIn() ?? 0);
    }
    await expect(unloaded).resolves.toEqual({ reason: 'shutdown', flushed: false });
    await fixture.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    expect(alice.doc.getMap('fields').get('unsaved')).toBe(1);
  });

  it('R31: metrics see applied updates, bytes both ways and apply times', async () => {
    fixture = new RoomFixture({ timings });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    alice.doc.getMap('fields').set('m', 1);
    await fixture.deliverAll();
    expect(fixture.metrics.updates).toBe(1);
    expect(fixture.metrics.updateBytes).toBeGreaterThan(0);
    expect(fixture.metrics.received).toBeGreaterThan(0);
    expect(fixture.metrics.sent).toBeGreaterThan(0);
    expect(fixture.metrics.applyObservations).toBeGreaterThanOrEqual(1);
    expect(bob.doc.getMap('fields').get('m')).toBe(1);
  });
});
