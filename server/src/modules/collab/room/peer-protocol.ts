/**
 * Messages between the nodes that hold the same room (SPEC.md R32–R37, R40), framed as bytes so any
 * pub/sub transport can carry them: a version byte, the kind, the sending room instance, then the
 * kind's fields. The transport adapter only moves these bytes; the room encodes and decodes them.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const VERSION = 1;
const KIND = { update: 0, durable: 1, syncRequest: 2, syncReply: 3, awareness: 4 } as const;

/** What one room instance tells the others. `from` names the sending room instance. */
export type PeerMessage =
  /**
   * An effective update the sender got from its own client or server; the sender persists it.
   * `durableUpTo` (0: none) confirms the sender's earlier updates, as a `durable` message would.
   */
  | {
      readonly kind: 'update';
      readonly from: string;
      readonly seq: number;
      readonly update: Uint8Array;
      readonly durableUpTo: number;
    }
  /** The sender's updates up to `seq` (contiguously) are durable in storage. */
  | { readonly kind: 'durable'; readonly from: string; readonly upTo: number }
  /** The sender opened (or resynchronised) the room: answer with what it lacks. */
  | { readonly kind: 'syncRequest'; readonly from: string; readonly stateVector: Uint8Array }
  /**
   * The answer to `to`'s sync request: everything the sender has that `to` lacks, and the
   * sender's state vector so that `to` can send back what the sender lacks (empty: do not).
   */
  | {
      readonly kind: 'syncReply';
      readonly from: string;
      readonly to: string;
      readonly update: Uint8Array;
      readonly stateVector: Uint8Array;
    }
  /**
   * Awareness of the sender's own connections (a y-protocols awareness update, already bound to
   * those connections' identities, R14/R15): their changes and removals as they happen, and all
   * of their states in answer to a sync request (R40).
   */
  | { readonly kind: 'awareness'; readonly from: string; readonly update: Uint8Array };

/** Encodes one peer message. */
export function encodePeerMessage(message: PeerMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, VERSION);
  encoding.writeUint8(encoder, KIND[message.kind]);
  encoding.writeVarString(encoder, message.from);
  switch (message.kind) {
    case 'update':
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarUint8Array(encoder, message.update);
      // Last, so a node of the previous version reads the message and ignores the field.
      if (message.durableUpTo > 0) encoding.writeVarUint(encoder, message.durableUpTo);
      break;
    case 'durable':
      encoding.writeVarUint(encoder, message.upTo);
      break;
    case 'syncRequest':
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
    case 'syncReply':
      encoding.writeVarString(encoder, message.to);
      encoding.writeVarUint8Array(encoder, message.update);
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    default: {
      const exhaustive: never = message;
      throw new Error(`unknown peer message ${String(exhaustive)}`);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes one peer message; null for anything malformed or of another version. */
export function decodePeerMessage(data: Uint8Array): PeerMessage | null {
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readUint8(decoder) !== VERSION) return null;
    const kind = decoding.readUint8(decoder);
    const from = decoding.readVarString(decoder);
    switch (kind) {
      case KIND.update: {
        const seq = decoding.readVarUint(decoder);
        const update = decoding.readVarUint8Array(decoder);
        const durableUpTo = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
        return { kind: 'update', from, seq, update, durableUpTo };
      }
      case KIND.durable:
        return { kind: 'durable', from, upTo: decoding.readVarUint(decoder) };
      case KIND.syncRequest:
        return { kind: 'syncRequest', from, stateVector: decoding.readVarUint8Array(decoder) };
      case KIND.syncReply: {
        const to = decoding.readVarString(decoder);
        const update = decoding.readVarUint8Array(decoder);
        const stateVector = decoding.readVarUint8Array(decoder);
        return { kind: 'syncReply', from, to, update, stateVector };
      }
      case KIND.awareness:
        return { kind: 'awareness', from, update: decoding.readVarUint8Array(decoder) };
      // A kind this version does not know (a newer node during a rolling deploy): dropped.
      default:
        return null;
    }
  } catch {
    // Truncated input: lib0 throws plain Errors. A peer is trusted code, but a bug there must
    // not take this room down; the caller counts and logs the drop.
    return null;
  }
}
