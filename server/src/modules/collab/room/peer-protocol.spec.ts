import * as encoding from 'lib0/encoding';
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peer-protocol.js';

const update = new Uint8Array([1, 2, 3, 250]);

describe('peer protocol (SPEC.md R33, R34)', () => {
  it.each<PeerMessage>([
    { kind: 'update', from: 'n1', seq: 7, update, durableUpTo: 0 },
    { kind: 'update', from: 'n1', seq: 8, update, durableUpTo: 6 },
    { kind: 'durable', from: 'n1', upTo: 300 },
    { kind: 'syncRequest', from: 'n2', stateVector: update },
    { kind: 'syncReply', from: 'n2', to: 'n1', update, stateVector: new Uint8Array(0) },
    { kind: 'awareness', from: 'n2', update },
  ])('round-trips %o', (message) => {
    expect(decodePeerMessage(encodePeerMessage(message))).toEqual(message);
  });

  it('reads an update of the previous version (no confirmation field) as confirming nothing', () => {
    const encoder = encoding.createEncoder();
    encoding.writeUint8(encoder, 1); // version
    encoding.writeUint8(encoder, 0); // update
    encoding.writeVarString(encoder, 'old-node');
    encoding.writeVarUint(encoder, 3);
    encoding.writeVarUint8Array(encoder, update);
    expect(decodePeerMessage(encoding.toUint8Array(encoder))).toEqual({
      kind: 'update',
      from: 'old-node',
      seq: 3,
      update,
      durableUpTo: 0,
    });
  });

  it('refuses truncated messages instead of throwing', () => {
    const bytes = encodePeerMessage({ kind: 'update', from: 'n1', seq: 9, update, durableUpTo: 4 });
    for (let cut = 0; cut < bytes.length - 1; cut++) {
      const decoded = decodePeerMessage(bytes.subarray(0, cut));
      // A cut right after the update is the previous version's message: valid, confirming nothing.
      if (decoded !== null) expect(decoded).toMatchObject({ kind: 'update', durableUpTo: 0 });
    }
  });
});
