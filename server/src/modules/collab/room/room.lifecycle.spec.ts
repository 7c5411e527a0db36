import * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { MemoryRoomStorage } from './memory-room-storage.js';
import { settle } from './testing/manual-clock.js';
import { RoomFixture } from './testing/room-fixture.js';

function storedDoc(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('fields').set('title', text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe('Room lifecycle', () => {
  let fixture: RoomFixture;
  afterEach(async () => fixture.dispose());

  it('R1, R4: a new document loads empty and the room becomes active', async () => {
    fixture = new RoomFixture();
    expect(fixture.room.stateKind).toBe('loading');
    await expect(fixture.room.whenLoaded()).resolves.toBe(true);
    expect(fixture.room.stateKind).toBe('active');
    expect(fixture.room.doc?.getMap('fields').size).toBe(0);
  });

  it('R4: stored content is served without being appended again', async () => {
    const storage = new MemoryRoomStorage();
    storage.seed('doc-1', storedDoc('hello'));
    fixture = new RoomFixture({ storage });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    expect(alice.doc.getMap('fields').get('title')).toBe('hello');
    expect(storage.calls.append).toBe(0);
    expect(fixture.metrics.updates).toBe(0);
  });

  it('R2: connections that join while loading wait and are served in order once loaded', async () => {
    const storage = new MemoryRoomStorage();
    storage.seed('doc-1', storedDoc('stored'));
    storage.hold('load');
    fixture = new RoomFixture({ storage });
    await settle();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.doc.getMap('fields').set('alice', 1);
    // Both hellos and alice's edit reach the room while it is still loading.
    alice.deliverAll();
    bob.deliverAll();
    expect(alice.socket!.inbox).toHaveLength(0);
    expect(bob.socket!.inbox).toHaveLength(0);
    expect(fixture.room.stateKind).toBe('loading');

    storage.release('load');
    await fixture.room.whenLoaded();
    await fixture.deliverAll();
    for (const client of [alice, bob]) {
      expect(client.doc.getMap('fields').toJSON()).toEqual({ title: 'stored', alice: 1 });
    }
    expect(fixture.room.doc!.getMap('fields').toJSON()).toEqual({ title: 'stored', alice: 1 });
  });

  it('R3: a failed load closes waiting connections with 4503 and never writes', async () => {
    const storage = new MemoryRoomStorage();
    storage.hold('load');
    storage.failNext('load');
    fixture = new RoomFixture({ storage });
    const alice = fixture.client('alice');
    alice.doc.getMap('fields').set('offline', true);
    alice.deliverAll();
    storage.release('load');
    await expect(fixture.room.whenLoaded()).resolves.toBe(false);

    expect(fixture.room.stateKind).toBe('unloaded');
    expect(fixture.room.doc).toBeNull();
    alice.deliverAll();
    expect(alice.closes).toEqual([{ code: CLOSE.retryLater.code, reason: expect.any(String) }]);
    expect(storage.calls.append).toBe(0);
    expect(fixture.metrics.rejectedCount('load_failed')).toBe(1);
    await expect(fixture.room.whenUnloaded()).resolves.toEqual({
      reason: 'load_failed',
      flushed: true,
    });
  });

  it('R3: a stored state Yjs cannot apply is a failed load, not an empty document', async () => {
    const storage = new MemoryRoomStorage();
    storage.seed('doc-1', Uint8Array.of(1, 200, 3));
    fixture = new RoomFixture({ storage });
    const alice = fixture.client('alice');
    await fixture.room.whenLoaded();
    alice.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.retryLater.code);
    expect(storage.calls.append).toBe(0);
  });

  it('R3: a join after a failed load is refused with 4503', async () => {
    const storage = new MemoryRoomStorage();
    storage.failNext('load');
    fixture = new RoomFixture({ storage });
    await fixture.room.whenLoaded();
    const late = fixture.client('late');
    late.deliverAll();
    expect(late.closes[0]?.code).toBe(CLOSE.retryLater.code);
  });

  it('R1, R30: a room shut down while loading closes waiting connections with 4512', async () => {
    const storage = new MemoryRoomStorage();
    storage.hold('load');
    fixture = new RoomFixture({ storage });
    const alice = fixture.client('alice');
    await expect(fixture.room.shutdown()).resolves.toEqual({ reason: 'shutdown', flushed: true });
    storage.release('load');
    await settle();
    alice.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    expect(fixture.room.stateKind).toBe('unloaded');
    expect(storage.calls.append).toBe(0);
  });

  it('R29: a connection joining an idle drain cancels the unload and is served from memory', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, timings: { idleUnloadMs: 1000 } });
    const alice = fixture.client('alice');
    alice.doc.getMap('fields').set('k', 'v');
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('k', 'v2');
    await fixture.deliverAll();
    alice.disconnect();
    fixture.clock.advance(1000);
    expect(fixture.room.stateKind).toBe('draining');

    const bob = fixture.client('bob');
    expect(fixture.room.stateKind).toBe('active');
    storage.release('append');
    await fixture.deliverAll();
    expect(fixture.room.stateKind).toBe('active');
    expect(bob.doc.getMap('fields').get('k')).toBe('v2');
    expect(storage.calls.load).toBe(1);
  });
});
