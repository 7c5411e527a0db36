/**
 * An in-memory fleet transport for the room core's tests: every node gets a RoomPeers from the
 * hub, messages queue until `deliver` (so tests decide interleavings), and a node can be cut off —
 * its messages to and from the others are lost, as when Redis restarts — then healed, which tells
 * its rooms to resynchronise, as the Redis adapter does after resubscribing.
 */
import type { PeerChannel, PeerListener, RoomPeers } from '../room.ports.js';

interface Subscription {
  readonly node: string;
  readonly documentId: string;
  readonly listener: PeerListener;
  isOpen: boolean;
}

interface InFlight {
  readonly from: Subscription;
  readonly data: Uint8Array;
}

/** Connects the RoomPeers of several test nodes; see the file comment. */
export class MemoryPeerHub {
  private readonly subscriptions: Subscription[] = [];
  private queue: InFlight[] = [];
  private readonly cutOff = new Set<string>();
  /** Messages published, for assertions. */
  published = 0;

  /** The transport of node `node`. */
  peersFor(node: string): RoomPeers {
    return {
      join: (documentId, listener) => Promise.resolve(this.join(node, documentId, listener)),
    };
  }

  /** Delivers queued messages (and those they cause) until none is left; true if any moved. */
  deliver(): boolean {
    let isMoving = false;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      for (const { from, data } of batch) {
        for (const to of this.subscriptions) {
          if (!to.isOpen || to === from || to.documentId !== from.documentId) continue;
          if (this.cutOff.has(to.node)) continue;
          to.listener.message(data);
          isMoving = true;
        }
      }
    }
    return isMoving;
  }

  /** Loses every message to and from `node` until `heal`. */
  cut(node: string): void {
    this.cutOff.add(node);
  }

  /** Reconnects `node`; its rooms are told to resynchronise. */
  heal(node: string): void {
    this.cutOff.delete(node);
    for (const subscription of this.subscriptions) {
      if (subscription.node === node && subscription.isOpen) subscription.listener.resync();
    }
  }

  /** Open subscriptions of a document, over all nodes. */
  subscribers(documentId: string): number {
    return this.subscriptions.filter((s) => s.isOpen && s.documentId === documentId).length;
  }

  private join(node: string, documentId: string, listener: PeerListener): PeerChannel {
    const subscription: Subscription = { node, documentId, listener, isOpen: true };
    this.subscriptions.push(subscription);
    return {
      publish: (data) => {
        this.published += 1;
        if (this.cutOff.has(node)) return Promise.resolve(0);
        this.queue.push({ from: subscription, data: data.slice() });
        const others = this.subscriptions.filter(
          (s) => s !== subscription && s.isOpen && s.documentId === documentId,
        );
        return Promise.resolve(others.filter((s) => !this.cutOff.has(s.node)).length);
      },
      leave: () => {
        subscription.isOpen = false;
        return Promise.resolve();
      },
    };
  }
}
