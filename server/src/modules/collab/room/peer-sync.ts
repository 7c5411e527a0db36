/**
 * A loaded room's link to the same room on other nodes (SPEC.md R32–R37, R40): it publishes this
 * node's effective updates with a sequence number, tells peers when they became durable, applies
 * theirs without persisting them (their origin does) — unless the origin never confirms them in
 * `peerAckTimeoutMs`, for instance because it died: then this node appends them itself
 * (duplicates are harmless, updates are idempotent). Joining rooms and lost messages are healed by
 * a state-vector exchange.
 */
import * as Y from 'yjs';
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peer-protocol.js';
import type { RoomAwareness } from './room-awareness.js';
import type { RoomContext } from './room-context.js';
import type { PeerChannel, TimerHandle } from './room.ports.js';

/** The origin of a transaction that applied a peer's update (R33). */
export class PeerOrigin {
  constructor(
    /** `live`: a peer's own effective update, persisted by that peer; `sync`: a sync reply. */
    readonly kind: 'live' | 'sync',
    readonly from: string,
    readonly seq: number,
  ) {}
}

/** What the peer link needs from its room. */
export interface PeerSyncHost {
  readonly doc: Y.Doc;
  /** Appends an update to this node's storage (as for any effective update). */
  persist(update: Uint8Array): void;
  /** The room's awareness, which peers' awareness is applied to (R40). */
  awareness(): RoomAwareness;
}

interface AwaitingAck {
  readonly seq: number;
  readonly update: Uint8Array;
  readonly receivedAt: number;
}

/** The peer link of one LiveRoom; see the file comment. */
export class PeerSync {
  private nextSeq = 1;
  private durableUpTo = 0;
  /** The highest durable sequence number the peers were told about. */
  private announcedUpTo = 0;
  private readonly durableAhead = new Set<number>();
  private ackTimer: TimerHandle | null = null;
  private readonly awaiting = new Map<string, AwaitingAck[]>();
  private sweepTimer: TimerHandle | null = null;
  private repliesNeeded = 0;
  private repliesSeen = 0;
  private onRepliesDone: (() => void) | null = null;
  private isDraining = false;

  constructor(
    private readonly context: RoomContext,
    private readonly channel: PeerChannel,
    /** This room instance's name on the channel. */
    readonly instanceId: string,
    private readonly host: PeerSyncHost,
  ) {}

  /**
   * Asks every peer for what this room lacks and resolves once `peerCount` replies arrived or
   * `peerSyncWaitMs` passed (R32). Replies arriving later are applied all the same.
   */
  async catchUp(): Promise<void> {
    this.repliesSeen = 0;
    const receivers = await this.requestSync();
    const missing = (receivers ?? 0) - this.repliesSeen;
    if (missing <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = this.context.clock.setTimer(this.context.timings.peerSyncWaitMs, () => done());
      const done = () => {
        timer.cancel();
        this.onRepliesDone = null;
        resolve();
      };
      this.repliesNeeded = missing;
      this.onRepliesDone = done;
    });
  }

  /** Sends this node's own effective update to the peers; returns its sequence number (R33). */
  publishUpdate(update: Uint8Array): number {
    const seq = this.nextSeq++;
    // The pending confirmation rides along, and its own message is no longer needed (R34).
    const durableUpTo = this.durableUpTo;
    this.announcedUpTo = durableUpTo;
    this.ackTimer?.cancel();
    this.ackTimer = null;
    void this.send({ kind: 'update', from: this.instanceId, seq, update, durableUpTo });
    return seq;
  }

  /** Sends a change of this node's connections' awareness to the peers (R40). */
  publishAwareness(update: Uint8Array): void {
    void this.send({ kind: 'awareness', from: this.instanceId, update });
  }

  /**
   * Update `seq` of this node is durable; peers learn it for the contiguous prefix (R34): on this
   * room's next update, or on its own after `peerAckDelayMs` when no update comes first.
   */
  markDurable(seq: number): void {
    this.durableAhead.add(seq);
    while (this.durableAhead.delete(this.durableUpTo + 1)) this.durableUpTo += 1;
    if (this.durableUpTo === this.announcedUpTo || this.ackTimer !== null) return;
    this.ackTimer = this.context.clock.setTimer(this.context.timings.peerAckDelayMs, () => {
      this.ackTimer = null;
      this.announceDurable();
    });
  }

  private announceDurable(): void {
    if (this.durableUpTo === this.announcedUpTo) return;
    this.announcedUpTo = this.durableUpTo;
    void this.send({ kind: 'durable', from: this.instanceId, upTo: this.durableUpTo });
  }

  /** A peer's update was applied here: wait for its origin to confirm it durable (R34, R35). */
  track(origin: PeerOrigin, update: Uint8Array): void {
    if (origin.kind === 'sync' || this.isDraining) {
      this.host.persist(update);
      return;
    }
    const list = this.awaiting.get(origin.from) ?? [];
    list.push({ seq: origin.seq, update, receivedAt: this.context.clock.now() });
    this.awaiting.set(origin.from, list);
    this.scheduleSweep();
  }

  /** One message from the channel. */
  receive(data: Uint8Array): void {
    const message = decodePeerMessage(data);
    const { metrics, logger, documentId } = this.context;
    if (message === null) {
      metrics.peerMessage('in', 'malformed');
      logger.warn({ documentId }, 'dropped a malformed peer message');
      return;
    }
    // A transport may deliver a subscriber its own messages.
    if (message.from === this.instanceId) return;
    metrics.peerMessage('in', message.kind);
    switch (message.kind) {
      case 'update':
        if (message.durableUpTo > 0) this.confirm(message.from, message.durableUpTo);
        Y.applyUpdate(
          this.host.doc,
          message.update,
          new PeerOrigin('live', message.from, message.seq),
        );
        return;
      case 'durable':
        this.confirm(message.from, message.upTo);
        return;
      case 'syncRequest': {
        this.reply(message.from, message.stateVector, true);
        // A joining (or resynchronising) room also learns who is here on this node (R40).
        const present = this.host.awareness().localUpdate();
        if (present !== null) this.publishAwareness(present);
        return;
      }
      case 'awareness':
        try {
          this.host.awareness().receiveFromPeer(message.update, message.from);
        } catch (error) {
          metrics.peerMessage('in', 'malformed');
          logger.warn({ documentId, error }, 'dropped a malformed peer awareness message');
        }
        return;
      case 'syncReply':
        if (message.to !== this.instanceId) return;
        Y.applyUpdate(this.host.doc, message.update, new PeerOrigin('sync', message.from, 0));
        // The way back: what the replier lacks (edits made here while messages were lost).
        if (message.stateVector.length > 0) this.reply(message.from, message.stateVector, false);
        this.repliesSeen += 1;
        if (this.onRepliesDone !== null && --this.repliesNeeded <= 0) this.onRepliesDone();
        return;
      default: {
        const exhaustive: never = message;
        return exhaustive;
      }
    }
  }

  /** Asks the peers for what this room lacks; resolves with how many received it (R32, R36). */
  requestSync(): Promise<number | null> {
    const stateVector = Y.encodeStateVector(this.host.doc);
    return this.send({ kind: 'syncRequest', from: this.instanceId, stateVector });
  }

  /**
   * The room drains: everything still waiting for its origin's confirmation is appended here, and
   * so is every peer update from now on, so unloading never depends on another node (R35).
   */
  startDrain(): void {
    this.isDraining = true;
    for (const [from, list] of this.awaiting) {
      for (const entry of list) this.host.persist(entry.update);
      this.awaiting.delete(from);
    }
    this.sweepTimer?.cancel();
    this.sweepTimer = null;
  }

  /** An idle drain was cancelled by a join: peer updates wait for confirmation again (R29). */
  endDrain(): void {
    this.isDraining = false;
  }

  /** Stops timers and leaves the channel (the room unloaded). */
  async stop(): Promise<void> {
    this.ackTimer?.cancel();
    this.ackTimer = null;
    // A confirmation still waiting goes now: peers would otherwise append those updates too.
    this.announceDurable();
    this.sweepTimer?.cancel();
    this.onRepliesDone?.();
    await this.channel.leave();
  }

  /** Updates awaiting confirmation, for tests and metrics. */
  get awaitingCount(): number {
    let count = 0;
    for (const list of this.awaiting.values()) count += list.length;
    return count;
  }

  private confirm(from: string, upTo: number): void {
    const list = this.awaiting.get(from);
    if (list === undefined) return;
    const rest = list.filter((entry) => entry.seq > upTo);
    if (rest.length === 0) this.awaiting.delete(from);
    else this.awaiting.set(from, rest);
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== null) return;
    const timeout = this.context.timings.peerAckTimeoutMs;
    this.sweepTimer = this.context.clock.setTimer(timeout, () => {
      this.sweepTimer = null;
      const now = this.context.clock.now();
      for (const [from, list] of this.awaiting) {
        const rest = list.filter((entry) => {
          if (now - entry.receivedAt < timeout) return true;
          this.host.persist(entry.update);
          return false;
        });
        if (rest.length === 0) this.awaiting.delete(from);
        else this.awaiting.set(from, rest);
      }
      if (this.awaiting.size > 0) this.scheduleSweep();
    });
  }

  /** Sends `to` what it lacks; with our state vector when it should answer in turn (R36). */
  private reply(to: string, theirs: Uint8Array, wantsAnswer: boolean): void {
    const { doc } = this.host;
    void this.send({
      kind: 'syncReply',
      from: this.instanceId,
      to,
      update: Y.encodeStateAsUpdate(doc, theirs),
      stateVector: wantsAnswer ? Y.encodeStateVector(doc) : new Uint8Array(0),
    });
  }

  private send(message: PeerMessage): Promise<number | null> {
    this.context.metrics.peerMessage('out', message.kind);
    return this.channel.publish(encodePeerMessage(message));
  }
}
