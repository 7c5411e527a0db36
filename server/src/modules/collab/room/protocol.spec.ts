import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { encodeUpdate, MessageType, parseMessage } from './protocol.js';

/** The framing y-websocket itself writes for an update message. */
function stockFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('Wire protocol', () => {
  // Lengths around every varUint boundary of the length prefix (1, 2, 3 and 4 bytes).
  it.each([0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152])(
    'R11: an update of %i bytes is framed exactly as y-protocols frames it',
    (length) => {
      const update = new Uint8Array(length);
      for (let i = 0; i < length; i++) update[i] = (i * 31 + 7) & 0xff;
      const framed = encodeUpdate(update);
      expect(Buffer.from(framed).equals(Buffer.from(stockFrame(update)))).toBe(true);
      const parsed = parseMessage(framed);
      expect(parsed.kind).toBe('update');
      if (parsed.kind === 'update') expect(Buffer.from(parsed.update).equals(update)).toBe(true);
    },
  );
});
