import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../close-codes.js';
import { MemoryRoomStorage } from '../memory-room-storage.js';
import { settle } from '../testing/manual-clock.js';
import { RoomFixture } from '../testing/room-fixture.js';
import type { TestClient } from '../testing/test-client.js';
import { createPersistAckExtension, PERSIST_ACK } from './persist-ack.js';

/** Records the persist-ack counts the room sends to a client (before it delivers them). */
function recordAcks(client: TestClient): number[] {
  const acks: number[] = [];
  const socket = client.socket!;
  const send = socket.send.bind(socket);
  socket.send = (data: Uint8Array) => {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) === PERSIST_ACK.messageType) {
      acks.push(decoding.readVarUint(decoder));
    }
    send(data);
  };
  return acks;
}

const withAck = { extensions: [PERSIST_ACK.name] };

describe('persist-ack extension', () => {
  let fixture: RoomFixture;
  let storage: MemoryRoomStorage;
  beforeEach(() => {
    storage = new MemoryRoomStorage();
    fixture = new RoomFixture({ storage, extensions: [createPersistAckExtension()] });
  });
  afterEach(async () => fixture.dispose());

  it('R38: confirms a document message only once its append is durable', async () => {
    const alice = fixture.client('alice', withAck);
    const acks = recordAcks(alice);
    await fixture.deliverAll();
    // Message 1 is alice's sync step 2 (nothing to store): confirmed at once.
    expect(acks).toEqual([1]);
    storage.hold('append');
    alice.doc.getMap('fields').set('title', 'one');
    alice.doc.getMap('fields').set('title', 'two');
    await fixture.deliverAll();
    expect(storage.heldCount('append')).toBe(2);
    expect(acks).toEqual([1]);
    storage.release('append');
    await settle();
    await fixture.deliverAll();
    // Both commits arrive together: one message with the highest count.
    expect(acks).toEqual([1, 3]);
  });

  it('R38: a failed append holds the confirmation until its retry is durable', async () => {
    await fixture.dispose();
    fixture = new RoomFixture({
      storage,
      extensions: [createPersistAckExtension()],
      timings: { flushRetry: { initialMs: 100, maxMs: 400 } },
    });
    const alice = fixture.client('alice', withAck);
    const acks = recordAcks(alice);
    await fixture.deliverAll();
    storage.failNext('append', 1);
    alice.doc.getMap('fields').set('a', 1);
    await fixture.deliverAll();
    alice.doc.getMap('fields').set('b', 2);
    await fixture.deliverAll();
    // The second update is durable, but the first one, before it, is not: no confirmation.
    expect(acks).toEqual([1]);
    fixture.clock.advance(100);
    await settle();
    await fixture.deliverAll();
    expect(acks).toEqual([1, 3]);
  });

  it('R38: a duplicate is confirmed once what the room already holds is durable', async () => {
    const alice = fixture.client('alice', withAck);
    const bob = fixture.client('bob', withAck);
    const bobAcks = recordAcks(bob);
    await fixture.deliverAll();
    storage.hold('append');
    alice.doc.getMap('fields').set('shared', 1);
    await fixture.deliverAll();
    // Bob re-sends alice's change (as a client relaying what it saw would): no new append.
    bob.sendRaw(new Uint8Array([0, 2, ...encodeLength(alice)]));
    await fixture.deliverAll();
    expect(bobAcks).toEqual([1]);
    storage.release('append');
    await settle();
    await fixture.deliverAll();
    expect(bobAcks).toEqual([1, 2]);
  });

  it('R38: updates dropped from a read-only connection are never confirmed', async () => {
    const reader = fixture.client('reader', { ...withAck, permission: 'read' });
    const acks = recordAcks(reader);
    await fixture.deliverAll();
    reader.doc.getMap('fields').set('title', 'dropped');
    await fixture.deliverAll();
    await settle();
    expect(acks).toEqual([]);
    expect(storage.updates(fixture.documentId)).toHaveLength(0);
  });

  it('R12, R38: a connection that did not negotiate it never receives a confirmation', async () => {
    const stock = fixture.client('stock');
    fixture.client('acked', withAck);
    stock.doc.getMap('fields').set('title', 'stored');
    await fixture.deliverAll();
    await settle();
    await fixture.deliverAll();
    expect(storage.updates(fixture.documentId)).toHaveLength(1);
    expect([...stock.receivedTypes].every((type) => type < 100)).toBe(true);
  });

  it('R11, R38: a client sending the server-only message type is closed with 4400', async () => {
    const alice = fixture.client('alice', withAck);
    await fixture.deliverAll();
    alice.sendRaw(new Uint8Array([PERSIST_ACK.messageType, 1]));
    await fixture.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.protocolError.code);
  });
});

/** Alice's whole state as a length-prefixed update payload (sync `update` body). */
function encodeLength(client: TestClient): number[] {
  const update = Y.encodeStateAsUpdate(client.doc);
  const length: number[] = [];
  let rest = update.length;
  while (rest > 0x7f) {
    length.push(0x80 | (rest & 0x7f));
    rest >>>= 7;
  }
  length.push(rest);
  return [...length, ...update];
}
