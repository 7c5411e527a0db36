/** Raw awareness messages for specs: what a malicious or buggy client could write. */
import * as encoding from 'lib0/encoding';
import { encodeAwareness } from '../protocol.js';

/** One awareness message holding exactly these entries (state `null`: a removal). */
export function awarenessFrame(
  entries: [clientId: number, clock: number, state: unknown][],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}
