import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { encodeUpdate, MessageType, type RoomExtension } from './protocol.js';
import { RoomFixture } from './testing/room-fixture.js';

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('body').insert(0, [new Y.XmlText(text)]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe('Room sync', () => {
  let fixture: RoomFixture;
  afterEach(async () => fixture.dispose());

  it('R5: a writer is asked for its state (sync step 1); a reader is not', async () => {
    fixture = new RoomFixture();
    await fixture.room.whenLoaded();
    const writer = fixture.client('writer');
    const reader = fixture.client('reader', { permission: 'read' });
    expect(writer.socket!.inbox).toHaveLength(1);
    expect(reader.socket!.inbox).toHaveLength(0);
    await fixture.deliverAll();
    expect(fixture.metrics.rejectedCount('read_only')).toBe(0);
  });

  it('R5, R7: offline edits of a reconnecting writer reach the room and the others', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    alice.disconnect();
    alice.doc.getMap('fields').set('offline', 'edit');
    alice.connect();
    await fixture.deliverAll();
    expect(bob.doc.getMap('fields').get('offline')).toBe('edit');
    expect(fixture.storage.updates('doc-1').length).toBeGreaterThan(0);
  });

  it('R6: sync step 1 is answered with sync step 2 to the asking connection only', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    bob.sendRaw(Uint8Array.of(MessageType.sync, 0, 1, 0)); // step 1 with an empty state vector
    bob.deliverToServer();
    expect(bob.socket!.inbox).toHaveLength(1);
    expect(alice.socket!.inbox).toHaveLength(0);
  });

  it('R7: an update is applied, appended, and broadcast once-encoded to everyone but the sender', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    const carol = fixture.client('carol');
    await fixture.deliverAll();
    const appendsBefore = fixture.storage.calls.append;
    alice.doc.getMap('fields').set('title', 'Hello');
    alice.deliverToServer();
    expect(alice.socket!.inbox).toHaveLength(0);
    expect(bob.socket!.inbox).toHaveLength(1);
    // The very same bytes object: framed once, not per recipient.
    expect(carol.socket!.inbox[0]).toBe(bob.socket!.inbox[0]);
    await fixture.deliverAll();
    expect(fixture.storage.calls.append).toBe(appendsBefore + 1);
    expect(carol.doc.getMap('fields').get('title')).toBe('Hello');
    expect(fixture.metrics.updates).toBe(1);
  });

  it('R7: an update that releases pending updates is also sent back to its sender', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    // A third party's two causally chained edits; the room receives the second one first.
    const elsewhere = new Y.Doc();
    const updates: Uint8Array[] = [];
    elsewhere.on('update', (update: Uint8Array) => updates.push(update));
    elsewhere.getMap('fields').set('first', 1);
    elsewhere.getMap('fields').set('second', 2);
    alice.sendRaw(encodeUpdate(updates[1]!));
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').size).toBe(0); // pending: 'first' is missing
    bob.sendRaw(encodeUpdate(updates[0]!));
    await fixture.deliverAll();
    for (const doc of [fixture.room.doc!, alice.doc, bob.doc]) {
      expect(doc.getMap('fields').toJSON()).toEqual({ first: 1, second: 2 });
    }
    elsewhere.destroy();
  });

  it('R7: a duplicate update is neither appended nor broadcast', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    const update = textUpdate('once');
    alice.sendRaw(encodeUpdate(update));
    alice.sendRaw(encodeUpdate(update));
    await fixture.deliverAll();
    expect(fixture.storage.calls.append).toBe(1);
    expect(fixture.metrics.updates).toBe(1);
    expect(bob.doc.getXmlFragment('body').toJSON()).toBe('once');
  });

  it('R8: a read-only connection never changes the document; its updates are counted', async () => {
    fixture = new RoomFixture();
    const writer = fixture.client('writer');
    const reader = fixture.client('reader', { permission: 'read' });
    const commenter = fixture.client('commenter', { permission: 'comment' });
    await fixture.deliverAll();
    reader.doc.getMap('fields').set('hack', 1);
    commenter.sendRaw(encodeUpdate(textUpdate('nope')));
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').has('hack')).toBe(false);
    expect(fixture.room.doc!.getXmlFragment('body').length).toBe(0);
    expect(writer.doc.getMap('fields').has('hack')).toBe(false);
    expect(fixture.metrics.rejectedCount('read_only')).toBe(2);
    expect(fixture.storage.calls.append).toBe(0);
    expect(reader.isConnected && commenter.isConnected).toBe(true);
  });

  it('R9: a downgrade to read takes effect on the next message', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    await fixture.deliverAll();
    alice.doc.getMap('fields').set('a', 1);
    alice.deliverToServer();
    alice.doc.getMap('fields').set('b', 2);
    expect(fixture.room.setPermission(alice.connectionId!, 'read')).toBe(true);
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').toJSON()).toEqual({ a: 1 });
    expect(fixture.metrics.rejectedCount('read_only')).toBe(1);
    expect(fixture.room.setPermission('nobody', 'read')).toBe(false);
  });

  it('R9: an upgrade to write asks the connection to resync, so its causal chain completes', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice', { permission: 'read' });
    await fixture.deliverAll();
    alice.doc.getMap('fields').set('early', 1);
    await fixture.deliverAll();
    fixture.room.setPermission(alice.connectionId!, 'write');
    alice.doc.getMap('fields').set('late', 2);
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').toJSON()).toEqual({ early: 1, late: 2 });
  });

  it('R9, R17: disconnect closes with the given code and removes the connection', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    const reason = 'membership revoked';
    expect(fixture.room.disconnect(alice.connectionId!, CLOSE.permissionRevoked.code, reason)).toBe(
      true,
    );
    await fixture.deliverAll();
    expect(alice.closes).toEqual([{ code: 4403, reason }]);
    expect(fixture.room.connectionCount).toBe(1);
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('R10: a server-side change is appended and broadcast to every connection', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    fixture.room.doc!.getMap('fields').set('restored', 'v1');
    await fixture.deliverAll();
    expect(alice.doc.getMap('fields').get('restored')).toBe('v1');
    expect(bob.doc.getMap('fields').get('restored')).toBe('v1');
    expect(fixture.storage.calls.append).toBe(1);
  });

  it('R11: query awareness is answered with every awareness state', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('cursor', 1);
    await fixture.deliverAll();
    bob.sendRaw(Uint8Array.of(MessageType.queryAwareness));
    bob.deliverToServer();
    expect(bob.socket!.inbox).toHaveLength(1);
    expect(bob.socket!.inbox[0]![0]).toBe(MessageType.awareness);
    await fixture.deliverAll();
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.['cursor']).toBe(1);
  });

  const malformed: [string, Uint8Array][] = [
    ['an empty frame', new Uint8Array()],
    ['the auth type (server to client only)', Uint8Array.of(MessageType.auth, 0, 0)],
    ['an unknown type', Uint8Array.of(42)],
    ['an unknown sync subtype', Uint8Array.of(MessageType.sync, 7, 0)],
    ['a truncated sync update', Uint8Array.of(MessageType.sync, 2, 50, 1, 2)],
    ['an update Yjs cannot decode', Uint8Array.of(MessageType.sync, 2, 3, 255, 255, 255)],
    ['a truncated awareness update', Uint8Array.of(MessageType.awareness, 5, 1, 1)],
    ['a non-negotiated extension type', Uint8Array.of(150, 1)],
  ];
  it.each(malformed)('R11: %s closes the connection with 4400', async (_name, frame) => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    alice.sendRaw(frame);
    await fixture.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.protocolError.code);
    expect(fixture.metrics.rejectedCount('protocol_error')).toBe(1);
    bob.doc.getMap('fields').set('still', 'syncing');
    await fixture.deliverAll();
    expect(fixture.room.doc!.getMap('fields').get('still')).toBe('syncing');
  });

  it('R12: extension messages flow only to and from connections that negotiated them', async () => {
    const seen: string[] = [];
    const echo: RoomExtension = {
      name: 'folio.echo',
      messageType: 120,
      handleMessage: (connection, payload) => {
        seen.push(connection.userId);
        connection.send(payload);
      },
    };
    fixture = new RoomFixture({ extensions: [echo] });
    const sdk = fixture.client('sdk', { extensions: ['folio.echo'] });
    const stock = fixture.client('stock');
    await fixture.deliverAll();
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, 120);
    encoding.writeUint8(frame, 7);
    sdk.sendRaw(encoding.toUint8Array(frame));
    await fixture.deliverAll();
    expect(seen).toEqual(['user-sdk']);
    expect(sdk.receivedTypes.has(120)).toBe(true);
    stock.sendRaw(encoding.toUint8Array(frame));
    await fixture.deliverAll();
    expect(stock.closes[0]?.code).toBe(CLOSE.protocolError.code);
    expect([...stock.receivedTypes].every((type) => type === 0 || type === 1)).toBe(true);
  });
});
