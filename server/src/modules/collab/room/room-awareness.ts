/**
 * The room's awareness (cursors, selections, who is here), bound to connections (SPEC.md R14–R17).
 * Wraps y-protocols' Awareness so the clock rules stay the standard ones, and adds ownership: each
 * Yjs client id belongs to the connection that introduced it until that connection closes.
 */
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bindAwarenessUpdate, type AwarenessEntry } from './awareness-binding.js';
import { encodeAwareness } from './protocol.js';
import type { RoomConnection } from './room-connection.js';

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
  private readonly owners = new Map<number, string>();

  /** `broadcast` receives every change, encoded once, for all connections (SPEC.md R16). */
  constructor(doc: Y.Doc, broadcast: (message: Uint8Array) => void) {
    this.awareness = new Awareness(doc);
    // The server is not a participant: no state of its own, so it never shows up as a cursor.
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange) => {
      const changed = [...change.added, ...change.updated, ...change.removed];
      broadcast(encodeAwareness(encodeAwarenessUpdate(this.awareness, changed)));
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
      owners: this.owners,
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
  private apply(entries: readonly AwarenessEntry[], origin: RoomConnection): void {
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
    removeAwarenessStates(this.awareness, clientIds, 'connection closed');
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
