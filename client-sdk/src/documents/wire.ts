/**
 * The y-websocket wire protocol as the Folio collab endpoint speaks it (docs/collab-protocol.md):
 * message type 0 = sync, 1 = awareness, 3 = query awareness, plus the opt-in Folio extensions
 * (types >= 100) negotiated with the `ext` query parameter, which stock clients never receive.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** y-websocket's message types. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  queryAwareness: 3,
  /** Folio extension: the server confirms how many document messages are durable. */
  persistAck: 100,
  /** Folio extension: an in-band access-token refresh and the server's answer to it. */
  tokenRefresh: 101,
} as const;

/** The extension names, as listed in the `ext` query parameter. */
export const EXTENSIONS = ['persist-ack', 'token-refresh'] as const;

/** `token-refresh` message kinds. */
export const TokenRefreshKind = {
  /** client → server: a fresh access token. */
  refresh: 0,
  /** server → client: the connection's current token was accepted (sent on join and refresh). */
  accepted: 1,
} as const;

/** What the server reports when it accepts a connection's token. */
export interface TokenAccepted {
  readonly permission: 'read' | 'comment' | 'write' | undefined;
  /** When the accepted token expires (epoch ms), or null when it does not (API keys). */
  readonly expiresAt: number | null;
}

/** Sync step 1 (our state vector), the first message on every connection. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** One document update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness message around an encoded awareness update. */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** A `token-refresh` request carrying a fresh access token. */
export function encodeTokenRefresh(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.tokenRefresh);
  encoding.writeVarUint(encoder, TokenRefreshKind.refresh);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** Reads a `persist-ack` payload: the count of this connection's durable document messages. */
export function readPersistAck(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

/** Reads a `token-refresh` payload from the server; null for a kind this client does not know. */
export function readTokenAccepted(decoder: decoding.Decoder): TokenAccepted | null {
  const kind = decoding.readVarUint(decoder);
  if (kind !== TokenRefreshKind.accepted) return null;
  const permission = decoding.readVarString(decoder);
  const expiresAtSeconds = decoding.readVarUint(decoder);
  return {
    permission:
      permission === 'read' || permission === 'comment' || permission === 'write'
        ? permission
        : undefined,
    expiresAt: expiresAtSeconds === 0 ? null : expiresAtSeconds * 1000,
  };
}

/**
 * What a close code means for reconnecting (the server's catalogue, docs/errors.md): 4400–4499
 * are deliberate refusals that reconnecting cannot fix, except 4401, which a fresh token may fix;
 * everything else (4500–4599, network drops, 1006) is retried with backoff.
 */
export type CloseClass = 'permanent' | 'reauthenticate' | 'retry';

/** Classifies a close code; see CloseClass. */
export function classifyClose(code: number): CloseClass {
  if (code === 4401) return 'reauthenticate';
  if (code >= 4400 && code <= 4499) return 'permanent';
  return 'retry';
}
