/**
 * The room's awareness (cursors, selections, who is here), bound to connections (SPEC.md R14–R17).
 * Wraps y-protocols' Awareness so the clock rules stay the standard ones, and adds ownership: each
 * Yjs client id belongs to the connection that introduced it until that connection closes.
 *
 * Across nodes (R40) the states of this node's connections are published to the room's peers as
 * they change, and the peers' states are applied here, owned by the peer: no connection here can
 * change them, and they leave when the peer says so (its connection closed) or when they time out
 * like any state (y-protocols' 30 s, which also clears a dead node's states).
 */
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bindAwarenessUpdate, type AwarenessEntry } from './awareness-binding.js';
import { encodeAwareness, ProtocolError } from './protocol.js';
import type { RoomConnection } from './room-connection.js';

/** The origin of awareness a peer node relayed; its changes are not published back (R40). */
export class PeerAwarenessOrigin {
  constructor(readonly from: string) {}
}

/** Origin of the removals when a connection closes (R17), published to peers like its changes. */
const RELEASED = 'connection closed';
/** y-protocols' origin for states nobody renewed in 30 s; every node expires them on its own. */
const TIMED_OUT = 'timeout';

/** What one incoming awareness message did. */
export interface AwarenessReceipt {
  /** Whether the message carried anything effective for this connection (costs a rate token). */
  readonly isEffective: boolean;
  readonly spoofed: number;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** One room's awareness states plus who owns which Yjs client id. */
export class RoomAwareness {
  private readonly awareness: Awareness;
  /** Client id → the connection here that owns it. */
  private readonly owners = new Map<number, string>();
  /** Client id → the peer room instance whose connection owns it (R40). */
  private readonly peerOwners = new Map<number, string>();
  /** What the binding sees as owned: ours and the peers' (a peer's id is never a connection's). */
  private readonly anyOwner = {
    get: (clientId: number): string | undefined => {
      const local = this.owners.get(clientId);
      if (local !== undefined) return local;
      const peer = this.peerOwners.get(clientId);
      return peer === undefined ? undefined : `peer ${peer}`;
    },
  };

  /**
   * `broadcast` receives every change, encoded once, for all connections (SPEC.md R16);
   * `publish`, when the room has peers, the changes of this node's own connections (R40).
   */
  constructor(
    doc: Y.Doc,
    broadcast: (message: Uint8Array) => void,
    private readonly publish: ((update: Uint8Array) => void) | null = null,
  ) {
    this.awareness = new Awareness(doc);
    // The server is not a participant: no state of its own, so it never shows up as a cursor.
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => {
      const changed = [...change.added, ...change.updated, ...change.removed];
      const update = encodeAwarenessUpdate(this.awareness, changed);
      broadcast(encodeAwareness(update));
      if (origin === TIMED_OUT) {
        // A peer's state that expired here: its id is free again (its node may be gone).
        for (const clientId of change.removed) this.peerOwners.delete(clientId);
        return;
      }
      if (!(origin instanceof PeerAwarenessOrigin)) this.publish?.(update);
    });
  }

  /**
   * Filters the update through the connection's binding and applies what is left. Throws
   * ProtocolError for malformed input. `allow` is asked before anything is applied, so a rate
   * limit can still refuse an effective message.
   */
  receive(
    connection: RoomConnection,
    update: Uint8Array,
    maxClientsPerConnection: number,
    allow: () => boolean,
  ): AwarenessReceipt | 'refused' {
    const meta = this.awareness.meta;
    const bound = bindAwarenessUpdate(update, {
      connectionId: connection.id,
      user: { id: connection.userId, name: connection.displayName },
      owners: this.anyOwner,
      clockOf: (clientId) => meta.get(clientId)?.clock,
      hasState: (clientId) => this.awareness.states.has(clientId),
      claimsLeft: maxClientsPerConnection - connection.awarenessClientCount,
    });
    if (bound.entries.length === 0) return { isEffective: false, spoofed: bound.spoofed };
    if (!allow()) return 'refused';
    for (const clientId of bound.claimed) this.owners.set(clientId, connection.id);
    connection.awarenessClientCount += bound.claimed.length;
    this.apply(bound.entries, connection);
    return { isEffective: true, spoofed: bound.spoofed };
  }

  /**
   * y-protocols' `applyAwarenessUpdate` for entries the binding already decoded: the same clock
   * rules and the same 'update' event, without encoding the entries again only to parse them
   * back. The states kept then share the connection's identity strings instead of holding a
   * parsed copy each. (Its local-state guard does not apply: the server never has a local state,
   * and nothing listens to 'change'.)
   */
  private apply(entries: readonly AwarenessEntry[], origin: unknown): AwarenessChange {
    const { states, meta } = this.awareness;
    const lastUpdated = Date.now();
    const change: AwarenessChange = { added: [], updated: [], removed: [] };
    for (const { clientId, clock, state } of entries) {
      const known = meta.get(clientId);
      const knownClock = known === undefined ? 0 : known.clock;
      const isRemoval = state === null;
      if (!(knownClock < clock || (knownClock === clock && isRemoval && states.has(clientId)))) {
        continue;
      }
      if (isRemoval) states.delete(clientId);
      else states.set(clientId, state as Record<string, unknown>);
      meta.set(clientId, { clock, lastUpdated });
      if (known === undefined && !isRemoval) change.added.push(clientId);
      else if (known !== undefined && isRemoval) change.removed.push(clientId);
      else if (!isRemoval) change.updated.push(clientId);
    }
    if (change.added.length + change.updated.length + change.removed.length > 0) {
      this.awareness.emit('update', [change, origin]);
    }
    return change;
  }

  /**
   * Applies awareness a peer room relayed (R40). Its entries were bound on the peer's node; here
   * they only must not touch a client id another owner holds (a connection here, or another
   * peer). Throws ProtocolError for malformed input (the peer link logs and drops it).
   */
  receiveFromPeer(update: Uint8Array, from: string): void {
    const entries: AwarenessEntry[] = [];
    try {
      const decoder = decoding.createDecoder(update);
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const json = decoding.readVarString(decoder);
        if (this.owners.has(clientId)) continue;
        const peer = this.peerOwners.get(clientId);
        if (peer !== undefined && peer !== from) continue;
        entries.push({ clientId, clock, state: JSON.parse(json) as unknown });
      }
    } catch (error) {
      throw new ProtocolError('malformed peer awareness', { cause: error });
    }
    // Owned before applying, so the broadcast's listeners already see the owner.
    for (const { clientId, state } of entries)
      if (state !== null) this.peerOwners.set(clientId, from);
    const change = this.apply(entries, new PeerAwarenessOrigin(from));
    for (const clientId of change.removed) this.peerOwners.delete(clientId);
    // An entry the clock rules refused leaves ownership as it was.
    for (const { clientId, state } of entries) {
      if (state !== null && !this.awareness.states.has(clientId)) this.peerOwners.delete(clientId);
    }
  }

  /** The states of this node's own connections as one awareness update (for a joining peer). */
  localUpdate(): Uint8Array | null {
    const clientIds = [...this.owners.keys()].filter((id) => this.awareness.states.has(id));
    return clientIds.length === 0 ? null : encodeAwarenessUpdate(this.awareness, clientIds);
  }

  /**
   * Removes every state the connection owns; the removal is broadcast to the others. The owner
   * table is scanned rather than each connection keeping a set of its ids: a close is rare, a set
   * per idle connection is not, and the table holds at most a few ids per connection.
   */
  release(connection: RoomConnection): void {
    if (connection.awarenessClientCount === 0) return;
    const clientIds: number[] = [];
    for (const [clientId, owner] of this.owners) {
      if (owner === connection.id) clientIds.push(clientId);
    }
    for (const clientId of clientIds) this.owners.delete(clientId);
    connection.awarenessClientCount = 0;
    removeAwarenessStates(this.awareness, clientIds, RELEASED);
  }

  /** All current states as one awareness message, or null when nobody has a state. */
  fullState(): Uint8Array | null {
    if (this.awareness.states.size === 0) return null;
    return this.queryReply();
  }

  /** The reply to a query-awareness message: all states, possibly none. */
  queryReply(): Uint8Array {
    const clientIds = [...this.awareness.states.keys()];
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, clientIds));
  }

  /** Stops the Awareness' outdated-state interval and drops all listeners. */
  destroy(): void {
    this.awareness.destroy();
  }
}
