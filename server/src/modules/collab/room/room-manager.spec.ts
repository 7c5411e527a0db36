import { CLOSE } from './close-codes.js';
import { MemoryRoomStorage } from './memory-room-storage.js';
import { RoomManager, RoomUnavailableError } from './room-manager.js';
import type { Permission } from './room.ports.js';
import { CountingMetrics } from './testing/counting-metrics.js';
import { ManualClock, settle } from './testing/manual-clock.js';
import { TestClient } from './testing/test-client.js';
import { docFromStoredState } from './stored-state.js';

describe('RoomManager', () => {
  let storage: MemoryRoomStorage;
  let clock: ManualClock;
  let metrics: CountingMetrics;
  let manager: RoomManager;
  let clients: TestClient[];

  function client(name: string, documentId: string, permission: Permission = 'write'): TestClient {
    const join = (
      socket: Parameters<RoomManager['join']>[1],
      info: Parameters<RoomManager['join']>[2],
    ) => manager.join(documentId, socket, info);
    const created = new TestClient(name, join, { userId: name, displayName: name, permission });
    clients.push(created);
    created.connect();
    return created;
  }

  async function deliverAll(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      let isMoving = false;
      for (const c of clients) while (c.deliverToServer() || c.deliverToClient()) isMoving = true;
      await settle();
      if (!isMoving) return;
    }
  }

  beforeEach(() => {
    storage = new MemoryRoomStorage();
    clock = new ManualClock();
    metrics = new CountingMetrics();
    clients = [];
    manager = new RoomManager({
      storage,
      clock,
      metrics,
      maxRooms: 2,
      timings: { idleUnloadMs: 500 },
    });
  });

  afterEach(async () => {
    storage.clearFailures();
    await manager.shutdown();
    for (const c of clients) c.destroy();
  });

  it('R1: one room per document, created on first join', async () => {
    client('alice', 'doc-a');
    client('bob', 'doc-a');
    client('carol', 'doc-b');
    await deliverAll();
    expect(manager.roomCount).toBe(2);
    expect(manager.connectionCount).toBe(3);
    expect(manager.room('doc-a')?.connectionCount).toBe(2);
  });

  it('R25: a join that would open a room beyond maxRooms closes with 4531', async () => {
    client('a', 'doc-1');
    client('b', 'doc-2');
    const c = client('c', 'doc-3');
    const d = client('d', 'doc-1');
    await deliverAll();
    expect(c.closes[0]?.code).toBe(CLOSE.nodeFull.code);
    expect(d.isConnected).toBe(true);
    expect(metrics.rejectedCount('node_full')).toBe(1);
  });

  it('R1, R28: an unloaded room is forgotten; the next join loads a fresh room from storage', async () => {
    const alice = client('alice', 'doc-a');
    alice.doc.getMap('fields').set('title', 'durable');
    await deliverAll();
    const first = manager.room('doc-a');
    alice.disconnect();
    clock.advance(500);
    await first!.whenUnloaded();
    expect(manager.room('doc-a')).toBeUndefined();

    const bob = client('bob', 'doc-a');
    await deliverAll();
    expect(manager.room('doc-a')).not.toBe(first);
    expect(bob.doc.getMap('fields').get('title')).toBe('durable');
  });

  it('R3: after a failed load the next join gets a fresh room that loads again', async () => {
    storage.failNext('load');
    const alice = client('alice', 'doc-a');
    await deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.retryLater.code);
    expect(manager.roomCount).toBe(0);
    alice.connect();
    await deliverAll();
    expect(alice.isConnected).toBe(true);
    expect(storage.calls.load).toBe(2);
  });

  it('R20: per-plan limits given at the first join apply to the new room', async () => {
    const join = manager.join.bind(manager);
    const planned = new TestClient(
      'p',
      (socket, info) => join('doc-p', socket, info, { maxConnections: 1 }),
      { userId: 'p', displayName: 'P', permission: 'write' },
    );
    clients.push(planned);
    planned.connect();
    const second = client('q', 'doc-p');
    await deliverAll();
    expect(second.closes[0]?.code).toBe(CLOSE.roomFull.code);
  });

  it('R10: edit opens a room the node does not hold, persists the change and idles it out', async () => {
    const value = await manager.edit('doc-e', (doc) => {
      doc.getMap('fields').set('restored', true);
      return 'done';
    });
    expect(value).toBe('done');
    const stored = await storage.load('doc-e');
    expect(docFromStoredState(stored).getMap('fields').get('restored')).toBe(true);
    expect(manager.roomCount).toBe(1);
    clock.advance(500);
    await settle();
    expect(manager.roomCount).toBe(0);
  });

  it('R10: an edit reaches every connection and revives an idle drain', async () => {
    const alice = client('alice', 'doc-a');
    await deliverAll();
    alice.destroy();
    clients = [];
    await deliverAll();
    storage.hold('append');
    clock.advance(500); // idle drain starts and waits on the held flush
    const edit = manager.edit('doc-a', (doc) => doc.getMap('fields').set('k', 'v'));
    await settle();
    storage.release('append');
    await edit;
    expect(manager.room('doc-a')?.stateKind).toBe('active');
    const bob = client('bob', 'doc-a');
    await deliverAll();
    expect(bob.doc.getMap('fields').get('k')).toBe('v');
  });

  it('R10: edits are refused with RoomUnavailableError on a failed load and while shutting down', async () => {
    storage.failNext('load');
    await expect(manager.edit('doc-f', () => undefined)).rejects.toMatchObject({
      reason: 'load_failed',
    });
    await manager.shutdown();
    await expect(manager.edit('doc-f', () => undefined)).rejects.toBeInstanceOf(
      RoomUnavailableError,
    );
  });

  it("R10a: onChange hears each effective local change with its user, null for the server's", async () => {
    const changes: [string, string | null][] = [];
    await manager.shutdown();
    manager = new RoomManager({
      storage,
      clock,
      maxRooms: 2,
      onChange: (documentId, userId) => changes.push([documentId, userId]),
    });
    const alice = client('alice', 'doc-a');
    await deliverAll();
    alice.doc.getMap('fields').set('a', 1);
    await deliverAll();
    await manager.edit('doc-a', (doc) => doc.getMap('fields').set('s', 2));
    await manager.edit('doc-a', () => undefined); // changes nothing
    expect(changes).toEqual([
      ['doc-a', 'alice'],
      ['doc-a', null],
    ]);
  });

  it('R30: shutdown drains every room: flush first, then 4512, and refuses new joins', async () => {
    const alice = client('alice', 'doc-a');
    const bob = client('bob', 'doc-b');
    await deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('a', 1);
    bob.doc.getMap('fields').set('b', 2);
    alice.deliverAll();
    bob.deliverAll();
    const done = manager.shutdown();
    await settle();
    expect(alice.socket!.closed).toBeNull(); // not before the flush
    const late = client('late', 'doc-c');
    late.deliverAll();
    expect(late.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    storage.release('append');
    const results = await done;
    expect(results.every((result) => result.flushed)).toBe(true);
    await deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    expect(bob.closes[0]?.code).toBe(CLOSE.serverDraining.code);
    for (const [documentId, key] of [
      ['doc-a', 'a'],
      ['doc-b', 'b'],
    ] as const) {
      const doc = docFromStoredState(await storage.load(documentId));
      expect(doc.getMap('fields').has(key)).toBe(true);
    }
    expect(manager.roomCount).toBe(0);
  });
});
