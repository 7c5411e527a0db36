/**
 * Binds awareness to the connection that sent it (SPEC.md R14, R15). An awareness update is a list
 * of (Yjs client id, clock, JSON state) entries; this filters and rewrites that list before the
 * room applies it, so a connection can neither speak for another connection's client ids nor claim
 * another user's identity.
 */
import * as decoding from 'lib0/decoding';
import { ProtocolError } from './protocol.js';

/** What the binding needs to know about the room and the sending connection. */
export interface AwarenessBindingInput {
  readonly connectionId: string;
  /** The identity every state of this connection must show. */
  readonly user: { readonly id: string; readonly name: string };
  /**
   * Owner of every client id currently bound in the room: a connection id, or any other string for
   * a client id held elsewhere (a peer node's connection, R40).
   */
  readonly owners: { get(clientId: number): string | undefined };
  /** The room's current clock for a client id, if it has seen one. */
  clockOf(clientId: number): number | undefined;
  /** Whether the room currently holds a state for a client id. */
  hasState(clientId: number): boolean;
  /** How many more client ids this connection may introduce. */
  readonly claimsLeft: number;
}

/** One effective entry of an awareness update: a state (null: removed) with its clock. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as the room keeps it: JSON values, `user` the connection's identity (R15). */
  readonly state: unknown;
}

/** The filtered update and what filtering found. */
export interface BoundAwarenessUpdate {
  /**
   * This connection's effective entries, rewritten, in message order; empty when none. Decoded,
   * not encoded again: the room applies them as they are (room-awareness.ts).
   */
  readonly entries: readonly AwarenessEntry[];
  /** Client ids this update introduces; the room binds them to the connection once applied. */
  readonly claimed: readonly number[];
  /** Entries that would have changed another connection's state (dropped and counted). */
  readonly spoofed: number;
}

const MAX_COLOR_LENGTH = 32;
const COLOR_PATTERN = /^[#a-zA-Z0-9(),.%\s-]+$/;

/** Filters an awareness update from one connection. Throws ProtocolError when malformed. */
export function bindAwarenessUpdate(
  update: Uint8Array,
  input: AwarenessBindingInput,
): BoundAwarenessUpdate {
  const decoder = decoding.createDecoder(update);
  const kept: AwarenessEntry[] = [];
  const claimed: number[] = [];
  let spoofed = 0;
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const stateBytes = decoding.readVarUint8Array(decoder);
      // Same test as y-protocols' applyAwarenessUpdate; stale entries are the echoes every stock
      // client sends back for other clients' states and are skipped without parsing.
      const known = input.clockOf(clientId) ?? 0;
      const isNewer = known < clock;
      const isRemoval = isNullJson(stateBytes);
      if (!isNewer && !(known === clock && isRemoval && input.hasState(clientId))) continue;
      const owner = input.owners.get(clientId);
      if (owner !== undefined && owner !== input.connectionId) {
        spoofed += 1;
        continue;
      }
      if (owner === undefined && !claimed.includes(clientId)) {
        if (isRemoval) continue;
        if (claimed.length >= input.claimsLeft) {
          throw new ProtocolError('too many awareness client ids');
        }
        claimed.push(clientId);
      }
      const state: unknown = isRemoval ? null : JSON.parse(new TextDecoder().decode(stateBytes));
      kept.push({ clientId, clock, state: withIdentity(state, input.user) });
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('malformed awareness update', { cause: error });
  }
  return { entries: kept, claimed, spoofed };
}

/** Replaces `user` with the connection's identity; keeps a cosmetic cursor colour if sane. */
function withIdentity(state: unknown, user: { id: string; name: string }): unknown {
  if (state === null) return null;
  if (typeof state !== 'object' || Array.isArray(state)) {
    throw new ProtocolError('awareness state must be an object');
  }
  const claimedUser: unknown = (state as Record<string, unknown>)['user'];
  const color =
    typeof claimedUser === 'object' && claimedUser !== null
      ? (claimedUser as Record<string, unknown>)['color']
      : undefined;
  const identity: Record<string, string> = { id: user.id, name: user.name };
  // Collaboration-cursor extensions (Tiptap, y-prosemirror) paint cursors with user.color; it
  // identifies nobody, so it survives the rewrite when it looks like a colour.
  if (typeof color === 'string' && color.length <= MAX_COLOR_LENGTH && COLOR_PATTERN.test(color)) {
    identity['color'] = color;
  }
  return { ...(state as Record<string, unknown>), user: identity };
}

const NULL_JSON = [0x6e, 0x75, 0x6c, 0x6c]; // "null", how Awareness encodes a removed state

function isNullJson(bytes: Uint8Array): boolean {
  return bytes.length === NULL_JSON.length && NULL_JSON.every((byte, i) => bytes[i] === byte);
}
