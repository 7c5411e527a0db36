import * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { MemoryRoomStorage } from './memory-room-storage.js';
import { encodeUpdate } from './protocol.js';
import { settle } from './testing/manual-clock.js';
import { RoomFixture } from './testing/room-fixture.js';

function bigText(length: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('body').insert(0, [new Y.XmlText('x'.repeat(length))]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe('Room limits', () => {
  let fixture: RoomFixture;
  afterEach(async () => fixture.dispose());

  it('R18: a message over maxMessageBytes closes with 4413, even while loading', async () => {
    const storage = new MemoryRoomStorage();
    storage.hold('load');
    fixture = new RoomFixture({ storage, limits: { maxMessageBytes: 1024 } });
    const alice = fixture.client('alice');
    alice.sendRaw(encodeUpdate(bigText(2000)));
    alice.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.messageTooLarge.code);
    expect(fixture.metrics.rejectedCount('message_too_large')).toBe(1);
  });

  it('R19: an update that would pass maxDocumentBytes is not applied and closes with 4422', async () => {
    fixture = new RoomFixture({ limits: { maxDocumentBytes: 4096 } });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    alice.doc.getMap('fields').set('small', 'ok');
    await fixture.deliverAll();
    bob.sendRaw(encodeUpdate(bigText(5000)));
    await fixture.deliverAll();
    expect(bob.closes[0]?.code).toBe(CLOSE.documentTooLarge.code);
    expect(fixture.room.doc!.getXmlFragment('body').length).toBe(0);
    expect(alice.doc.getXmlFragment('body').length).toBe(0);
    expect(fixture.room.doc!.getMap('fields').get('small')).toBe('ok');
  });

  it('R19: many small updates are refused once the document reaches its limit', async () => {
    fixture = new RoomFixture({ limits: { maxDocumentBytes: 2048 } });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    for (let i = 0; i < 100 && alice.isConnected; i++) {
      alice.doc.getMap('fields').set(`key-${i}`, 'v'.repeat(40));
      await fixture.deliverAll();
    }
    expect(alice.closes[0]?.code).toBe(CLOSE.documentTooLarge.code);
    expect(Y.encodeStateAsUpdate(fixture.room.doc!).length).toBeLessThanOrEqual(2048);
  });

  it('R20: a join beyond maxConnections closes with 4530; waiting connections count', async () => {
    const storage = new MemoryRoomStorage();
    storage.hold('load');
    fixture = new RoomFixture({ storage, limits: { maxConnections: 2 } });
    fixture.client('a');
    fixture.client('b');
    const c = fixture.client('c');
    c.deliverAll();
    expect(c.closes[0]?.code).toBe(CLOSE.roomFull.code);
    expect(fixture.room.connectionCount).toBe(2);
    expect(fixture.metrics.rejectedCount('room_full')).toBe(1);
  });

  it('R21: sync messages beyond the update rate close with 4529; refills let a steady writer on', async () => {
    fixture = new RoomFixture({ limits: { updateRate: { burst: 4, perSecond: 2 } } });
    const steady = fixture.client('steady');
    const burst = fixture.client('burst');
    await fixture.deliverAll(); // one token each for the sync step 1 hello
    for (let i = 0; i < 6; i++) {
      steady.doc.getMap('fields').set('steady', i);
      burst.doc.getMap('fields').set('burst', i);
      await fixture.deliverAll();
      fixture.clock.advance(500);
    }
    expect(steady.isConnected).toBe(true);
    for (let i = 0; i < 4; i++) burst.doc.getMap('fields').set('burst', 100 + i);
    await fixture.deliverAll();
    expect(burst.closes[0]).toEqual({ code: 4529, reason: 'rate limited: document updates' });
    expect(fixture.metrics.rejectedCount('update_rate')).toBe(1);
  });

  it('R22: awareness changes beyond the awareness rate close with 4529', async () => {
    fixture = new RoomFixture({ limits: { awarenessRate: { burst: 3, perSecond: 1 } } });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    for (let i = 0; i < 5; i++) alice.awareness.setLocalStateField('cursor', i);
    await fixture.deliverAll();
    expect(alice.closes[0]).toEqual({ code: 4529, reason: 'rate limited: awareness' });
    expect(fixture.metrics.rejectedCount('awareness_rate')).toBe(1);
  });

  it('R2: too many messages while the document loads close with 4529', async () => {
    const storage = new MemoryRoomStorage();
    storage.hold('load');
    fixture = new RoomFixture({ storage, limits: { maxQueuedMessagesWhileLoading: 3 } });
    const alice = fixture.client('alice');
    for (let i = 0; i < 3; i++) alice.doc.getMap('fields').set('k', i);
    alice.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.rateLimited.code);
    expect(fixture.metrics.rejectedCount('loading_queue_full')).toBe(1);
  });

  it('R23: a client whose send buffer passes the ceiling is closed with 4508', async () => {
    fixture = new RoomFixture({ limits: { maxBufferedBytes: 2000 } });
    const writer = fixture.client('writer');
    const sleeper = fixture.client('sleeper');
    await fixture.deliverAll();
    for (let i = 0; i < 40; i++) {
      writer.doc.getMap('fields').set(`k${i}`, 'v'.repeat(100));
      writer.deliverAll(); // the sleeper never reads
    }
    sleeper.deliverAll();
    expect(sleeper.closes[0]?.code).toBe(CLOSE.slowConsumer.code);
    expect(writer.isConnected).toBe(true);
    expect(fixture.metrics.rejectedCount('slow_consumer')).toBe(1);
  });

  it('R23: one message larger than the ceiling still reaches a drained socket', async () => {
    const storage = new MemoryRoomStorage();
    storage.seed('doc-1', bigText(10_000));
    fixture = new RoomFixture({ storage, limits: { maxBufferedBytes: 1000 } });
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    expect(alice.isConnected).toBe(true);
    expect(alice.doc.getXmlFragment('body').toJSON()).toHaveLength(10_000);
  });

  it('R24: while too much is unpersisted, writer updates close with 4503 and are re-sent later', async () => {
    const storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, limits: { maxUnpersistedBytes: 100 } });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('first', 'x'.repeat(200));
    await fixture.deliverAll();
    bob.doc.getMap('fields').set('second', 'y');
    await fixture.deliverAll();
    expect(bob.closes[0]?.code).toBe(CLOSE.retryLater.code);
    expect(fixture.room.doc!.getMap('fields').has('second')).toBe(false);

    storage.release('append');
    await settle();
    bob.connect();
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').get('second')).toBe('y');
    expect(alice.doc.getMap('fields').get('second')).toBe('y');
  });
});
