/**
 * One document under load in the fleet benchmark: a single writer (connected to node 0) typing
 * into the rich-text body, and readers on any node, each edit's fan-out latency recorded under the
 * node of the reader that received it. Everything runs on this thread's clock.
 *
 * The edit is identified as in the collab benchmark's RoomTracker: after a local insert the
 * writer's Yjs state is the end of that edit's clock range, and when a reader integrates a remote
 * transaction its `afterState` says how far it now has the writer, so every logged edit ending at
 * or below that point was observed just now. A reader gets one writer's updates in order, however
 * many nodes they crossed (one publisher, one Redis channel, one socket), so a per-reader cursor
 * walks the log once. It differs from RoomTracker in having one writer and receivers grouped by
 * node, which is what the fleet's figures are split by.
 */
import * as Y from 'yjs';
import type { BenchClient } from '../collab/clients.js';
import type { TypingRoom } from '../collab/load.js';
import type { Samples } from '../collab/stats.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

/** A reader and the node it is connected to. */
export interface PlacedReader {
  readonly client: BenchClient;
  readonly node: number;
}

export class FleetRoom implements TypingRoom {
  /** One writer per document: its rate is the aggregate rate ÷ documents. */
  readonly writerCount = 1;
  /** Edits the readers integrated (each edit counts once per reader). */
  observations = 0;
  private readonly ends: number[] = [];
  private readonly madeAt: number[] = [];
  private text: Y.XmlText | null = null;
  private cursor = 0;
  private typed = 0;

  constructor(
    readonly writer: BenchClient,
    readonly readers: readonly PlacedReader[],
    private readonly latenciesByNode: readonly Samples[],
    private readonly chars: number,
  ) {
    for (const reader of readers) this.observe(reader);
  }

  get edits(): number {
    return this.ends.length;
  }

  private get clients(): BenchClient[] {
    return [this.writer, ...this.readers.map((r) => r.client)];
  }

  /** The writer adds a paragraph to `body`; `isSeeded` tells when every reader has it. */
  seed(): void {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('')]);
    this.writer.doc.getXmlFragment('body').push([paragraph]);
  }

  /** True once every client has the seeded paragraph's text (then `edit` may be called). */
  isSeeded(): boolean {
    const textOf = (client: BenchClient) => {
      const paragraph = client.doc.getXmlFragment('body').get(0);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      return text instanceof Y.XmlText ? text : null;
    };
    if (!this.clients.every((client) => textOf(client) !== null)) return false;
    this.text = textOf(this.writer);
    return true;
  }

  /** The writer types `chars` characters at its cursor (`index` is always 0: one writer). */
  edit(_index: number, measured: boolean): void {
    const text = this.text;
    if (text === null) throw new Error('edit before the room was seeded');
    const position = Math.min(this.cursor, text.length);
    let chunk = '';
    for (let i = 0; i < this.chars; i++) chunk += ALPHABET[(this.typed++ * 7) % ALPHABET.length];
    const madeAt = performance.now();
    // The provider sends the update synchronously from the doc's 'update' event.
    text.insert(position, chunk);
    this.ends.push(Y.getState(this.writer.doc.store, this.writer.doc.clientID));
    this.madeAt.push(measured ? madeAt : NaN);
    this.cursor = position + chunk.length;
  }

  /** True when every reader has every edit. */
  isQuiescent(): boolean {
    const last = this.ends[this.ends.length - 1];
    if (last === undefined) return true;
    const writerId = this.writer.doc.clientID;
    return this.readers.every(({ client }) => Y.getState(client.doc.store, writerId) >= last);
  }

  /** Null when every client holds the writer's content and state vector; otherwise what differs. */
  divergence(): string | null {
    const content = this.writer.doc.getXmlFragment('body').toJSON();
    const vector = Buffer.from(Y.encodeStateVector(this.writer.doc)).toString('base64');
    for (const { client, node } of this.readers) {
      if (client.doc.getXmlFragment('body').toJSON() !== content) {
        return `${client.document}: a reader on node ${node + 1} has a different body`;
      }
      if (Buffer.from(Y.encodeStateVector(client.doc)).toString('base64') !== vector) {
        return `${client.document}: a reader on node ${node + 1} has a different state vector`;
      }
    }
    return null;
  }

  private observe({ client, node }: PlacedReader): void {
    const writerId = this.writer.doc.clientID;
    const latencies = this.latenciesByNode[node];
    if (latencies === undefined) throw new Error(`no latency samples for node ${node}`);
    let cursor = 0;
    client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) return;
      const after = transaction.afterState.get(writerId) ?? 0;
      if ((transaction.beforeState.get(writerId) ?? 0) >= after) return;
      const now = performance.now();
      for (; cursor < this.ends.length && this.ends[cursor]! <= after; cursor++) {
        const madeAt = this.madeAt[cursor]!;
        if (!Number.isNaN(madeAt)) latencies.add(now - madeAt);
        this.observations++;
      }
    });
  }
}
