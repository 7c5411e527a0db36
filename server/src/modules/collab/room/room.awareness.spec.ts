import { CLOSE } from './close-codes.js';
import { awarenessFrame } from './testing/awareness-frame.js';
import { RoomFixture } from './testing/room-fixture.js';

describe('Room awareness', () => {
  let fixture: RoomFixture;
  afterEach(async () => fixture.dispose());

  it('R15: the room stamps the connection identity on the state, keeping only a colour', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('user', {
      id: 'user-ceo',
      name: 'The CEO',
      color: '#ff0000',
      avatar: 'https://evil.example/ceo.png',
    });
    await fixture.deliverAll();
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.['user']).toEqual({
      id: 'user-alice',
      name: 'Alice',
      color: '#ff0000',
    });
  });

  it('R15: a colour that is not a colour is dropped', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('user', { color: 'url(https://evil.example/x)' });
    await fixture.deliverAll();
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.['user']).toEqual({
      id: 'user-alice',
      name: 'Alice',
    });
  });

  it('R15: a state that is not an object closes the connection with 4400', async () => {
    fixture = new RoomFixture();
    const mallory = fixture.client('mallory');
    await fixture.deliverAll();
    mallory.sendRaw(awarenessFrame([[777, 5, ['not', 'an', 'object']]]));
    await fixture.deliverAll();
    expect(mallory.closes[0]?.code).toBe(CLOSE.protocolError.code);
  });

  it('R14: a connection cannot change the awareness of a client id bound to another', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const mallory = fixture.client('mallory');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('cursor', 'alice-cursor');
    await fixture.deliverAll();
    const aliceId = alice.doc.clientID;
    mallory.sendRaw(awarenessFrame([[aliceId, 1000, { cursor: 'moved by mallory' }]]));
    mallory.sendRaw(awarenessFrame([[aliceId, 1001, null]]));
    await fixture.deliverAll();
    expect(bob.awareness.getStates().get(aliceId)?.['cursor']).toBe('alice-cursor');
    expect(fixture.metrics.rejectedCount('awareness_spoof')).toBe(2);
    expect(mallory.isConnected).toBe(true);
  });

  it('R14: echoes of other clients’ states are ignored and cost no rate tokens', async () => {
    fixture = new RoomFixture({ limits: { awarenessRate: { burst: 3, perSecond: 0.001 } } });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    // Each of alice's changes makes bob's stock client echo it back to the room.
    alice.awareness.setLocalStateField('cursor', 1);
    await fixture.deliverAll();
    fixture.clock.advance(5_000);
    alice.awareness.setLocalStateField('cursor', 2);
    await fixture.deliverAll();
    expect(bob.isConnected).toBe(true);
    expect(fixture.metrics.rejectedCount('awareness_spoof')).toBe(0);
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.['cursor']).toBe(2);
  });

  it('R14: binding more client ids than allowed closes the connection with 4400', async () => {
    fixture = new RoomFixture({ limits: { maxAwarenessClientsPerConnection: 2 } });
    const mallory = fixture.client('mallory');
    await fixture.deliverAll();
    mallory.sendRaw(
      awarenessFrame([
        [9001, 1, {}],
        [9002, 1, {}],
      ]),
    );
    await fixture.deliverAll();
    expect(mallory.isConnected).toBe(true);
    mallory.sendRaw(awarenessFrame([[9003, 1, {}]]));
    await fixture.deliverAll();
    expect(mallory.closes[0]).toEqual({ code: 4400, reason: expect.stringContaining('awareness') });
  });

  it('R16: an awareness change reaches every connection, the sender included, framed once', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    await fixture.deliverAll();
    alice.awareness.setLocalStateField('cursor', 3);
    alice.deliverToServer();
    expect(alice.socket!.inbox).toHaveLength(1);
    expect(bob.socket!.inbox[0]).toBe(alice.socket!.inbox[0]);
  });

  it('R5: a newcomer receives everyone’s awareness on join', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    alice.awareness.setLocalStateField('cursor', 4);
    await fixture.deliverAll();
    const reader = fixture.client('reader', { permission: 'read' });
    reader.deliverToClient();
    expect(reader.awareness.getStates().get(alice.doc.clientID)?.['cursor']).toBe(4);
  });

  it('R8, R14: a read-only connection may publish awareness', async () => {
    fixture = new RoomFixture();
    const writer = fixture.client('writer');
    const reader = fixture.client('reader', { permission: 'read' });
    reader.awareness.setLocalStateField('cursor', 'reviewing');
    await fixture.deliverAll();
    expect(writer.awareness.getStates().get(reader.doc.clientID)?.['cursor']).toBe('reviewing');
  });

  it('R17: when a connection closes, its states are removed and the removal is broadcast', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('cursor', 5);
    await fixture.deliverAll();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(true);
    alice.disconnect();
    await fixture.deliverAll();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('R14, R17: a late echo of a departed client’s state cannot bring its ghost back', async () => {
    fixture = new RoomFixture();
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    const carol = fixture.client('carol');
    alice.awareness.setLocalStateField('cursor', 6);
    await fixture.deliverAll();
    const aliceId = alice.doc.clientID;
    const clock = alice.awareness.meta.get(aliceId)!.clock;
    alice.disconnect();
    bob.sendRaw(awarenessFrame([[aliceId, clock, { cursor: 6 }]]));
    await fixture.deliverAll();
    expect(carol.awareness.getStates().has(aliceId)).toBe(false);
  });

  it('R17: a connection the room closes (a limit) also loses its states', async () => {
    fixture = new RoomFixture({ limits: { maxMessageBytes: 64 } });
    const alice = fixture.client('alice');
    const bob = fixture.client('bob');
    alice.awareness.setLocalStateField('cursor', 7);
    await fixture.deliverAll();
    alice.sendRaw(new Uint8Array(65));
    await fixture.deliverAll();
    expect(alice.closes[0]?.code).toBe(CLOSE.messageTooLarge.code);
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });
});
