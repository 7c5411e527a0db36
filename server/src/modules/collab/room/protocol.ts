/**
 * The wire protocol: the standard y-websocket framing (a varUint message type, then the payload of
 * y-protocols sync or awareness), parsed into a tagged union, plus the extension point for opt-in
 * Folio message types (SPEC.md R11, R12).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** y-websocket's message types. `auth` (2) is server → client only and unused by the room. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Extension message types start here; everything below stays reserved for y-protocols. */
export const FIRST_EXTENSION_MESSAGE_TYPE = 100;

/** A decoded client message. */
export type IncomingMessage =
  | { readonly kind: 'syncStep1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'syncStep2'; readonly update: Uint8Array }
  | { readonly kind: 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'queryAwareness' }
  | { readonly kind: 'extension'; readonly messageType: number; readonly payload: Uint8Array };

/** A message the room cannot understand; answered with CLOSE.protocolError. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Decodes one client message. Throws ProtocolError for anything malformed or unsupported. */
export function parseMessage(data: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        return parseSync(decoder);
      case MessageType.awareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MessageType.queryAwareness:
        return { kind: 'queryAwareness' };
      default:
        if (type >= FIRST_EXTENSION_MESSAGE_TYPE) {
          return {
            kind: 'extension',
            messageType: type,
            payload: decoding.readTailAsUint8Array(decoder),
          };
        }
        throw new ProtocolError(`unsupported message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // lib0 throws plain Errors ("Unexpected end of array", ...) on truncated input.
    throw new ProtocolError('malformed message', { cause: error });
  }
}

function parseSync(decoder: decoding.Decoder): IncomingMessage {
  const subtype = decoding.readVarUint(decoder);
  switch (subtype) {
    case syncProtocol.messageYjsSyncStep1:
      return { kind: 'syncStep1', stateVector: decoding.readVarUint8Array(decoder) };
    case syncProtocol.messageYjsSyncStep2:
      return { kind: 'syncStep2', update: decoding.readVarUint8Array(decoder) };
    case syncProtocol.messageYjsUpdate:
      return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
    default:
      throw new ProtocolError(`unsupported sync message type ${subtype}`);
  }
}

/** Sync step 1: the room's state vector, asking the client for what the room lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2: what the client lacks, given its state vector (throws on a malformed vector). */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/**
 * A document update, framed once and sent to many: the same bytes as y-protocols' `writeUpdate`
 * behind the sync type, written into one exactly sized array (this runs for every edit; a lib0
 * encoder would allocate its buffer and then copy it out).
 */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const length = update.length;
  let lengthBytes = 1;
  for (let rest = length >>> 7; rest > 0; rest >>>= 7) lengthBytes++;
  const message = new Uint8Array(2 + lengthBytes + length);
  message[0] = MessageType.sync;
  message[1] = syncProtocol.messageYjsUpdate;
  let offset = 2;
  let rest = length;
  while (rest > 0x7f) {
    message[offset++] = 0x80 | (rest & 0x7f);
    rest >>>= 7;
  }
  message[offset++] = rest;
  message.set(update, offset);
  return message;
}

/** An awareness message around an encoded awareness update. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** Frames an extension payload; only ever sent to connections that negotiated the extension. */
export function encodeExtension(messageType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType);
  encoding.writeUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The side of a connection an extension sees: identity, and a send that is safe by construction. */
export interface ExtensionConnection {
  readonly connectionId: string;
  readonly userId: string;
  /** Sends a message of this extension's type to this (negotiated) connection. */
  send(payload: Uint8Array): void;
}

/**
 * An opt-in Folio protocol extension (for example persistence acknowledgements or in-band token
 * refresh). A connection gets its messages only if the adapter listed `name` in
 * ConnectionInfo.extensions; stock y-websocket clients therefore never see them.
 */
export interface RoomExtension {
  readonly name: string;
  /** >= FIRST_EXTENSION_MESSAGE_TYPE, unique per room. */
  readonly messageType: number;
  /** A message of this type from a connection that negotiated the extension; may throw ProtocolError. */
  handleMessage(connection: ExtensionConnection, payload: Uint8Array): void;
  /**
   * A document message (sync step 2 or update) from a connection that negotiated the extension
   * was handled (SPEC.md R38). `whenDurable` is null when the room did not take it whole (dropped
   * as read-only, or left pending on a missing dependency); otherwise it calls back once every
   * update the room had appended by then, this message's included, is durable.
   */
  onDocumentMessage?(
    connection: ExtensionConnection,
    whenDurable: ((callback: () => void) => void) | null,
  ): void;
  /** The connection left the room (closed for any reason): forget what is kept for it. */
  onLeave?(connectionId: string): void;
}
