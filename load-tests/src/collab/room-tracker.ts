/**
 * One document under load, seen from its clients: typing edits into the rich-text body, and the
 * fan-out latency of each edit to every other client of the room, all on this process's clock.
 *
 * An edit is identified by the writer's Yjs clock: after a local insert the writer's state
 * (`Y.getState`) is the end of that edit's clock range. When a receiver integrates a remote
 * transaction, its `afterState` says how far it now has each writer, so every logged edit ending
 * at or below that point was observed just now. Updates from one writer reach a receiver in
 * order (one server, one socket each), so a per-(receiver, writer) cursor walks each log once.
 */
import * as Y from 'yjs';
import type { BenchClient } from './clients.js';
import type { Samples } from './stats.js';

/** What a writer did: the end clock of each edit and when it was made (NaN: not measured). */
interface EditLog {
  readonly ends: number[];
  readonly madeAt: number[];
}

interface Writer {
  readonly client: BenchClient;
  readonly log: EditLog;
  text: Y.XmlText | null;
  cursor: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

export class RoomTracker {
  private readonly writers: Writer[];
  private readonly logs = new Map<number, EditLog>();
  private typed = 0;
  /** Edits seen by a client other than their writer. */
  observations = 0;

  constructor(
    readonly clients: readonly BenchClient[],
    private readonly latencies: Samples,
    private readonly chars: number,
  ) {
    this.writers = clients.map((client) => {
      const log: EditLog = { ends: [], madeAt: [] };
      this.logs.set(client.doc.clientID, log);
      return { client, log, text: null, cursor: 0 };
    });
    for (const { client } of this.writers) this.observe(client.doc);
  }

  /** Every client of the room types (see `runLoad`). */
  get writerCount(): number {
    return this.writers.length;
  }

  /** Edits made so far, by all writers. */
  get edits(): number {
    let count = 0;
    for (const log of this.logs.values()) count += log.ends.length;
    return count;
  }

  /** The first client adds a paragraph to `body`; `isSeeded` tells when every client has it. */
  seed(): void {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('')]);
    this.clients[0]!.doc.getXmlFragment('body').push([paragraph]);
  }

  /** True once every client has the seeded paragraph's text (then `edit` may be called). */
  isSeeded(): boolean {
    for (const writer of this.writers) {
      const paragraph = writer.client.doc.getXmlFragment('body').get(0);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      if (!(text instanceof Y.XmlText)) return false;
      writer.text = text;
    }
    return true;
  }

  /** Writer `index` types `chars` characters at its cursor, as a keystroke burst would. */
  edit(index: number, measured: boolean): void {
    const writer = this.writers[index]!;
    const text = writer.text;
    if (text === null) throw new Error('edit before the room was seeded');
    const position = Math.min(writer.cursor, text.length);
    let chunk = '';
    for (let i = 0; i < this.chars; i++) chunk += ALPHABET[(this.typed++ * 7) % ALPHABET.length];
    const madeAt = performance.now();
    // The provider sends the update synchronously from the doc's 'update' event.
    text.insert(position, chunk);
    writer.log.ends.push(Y.getState(writer.client.doc.store, writer.client.doc.clientID));
    writer.log.madeAt.push(measured ? madeAt : NaN);
    writer.cursor = position + chunk.length;
  }

  /** True when every client has every other client's edits. */
  isQuiescent(): boolean {
    for (const { client } of this.writers) {
      for (const [writerId, log] of this.logs) {
        const last = log.ends[log.ends.length - 1];
        if (last !== undefined && Y.getState(client.doc.store, writerId) < last) return false;
      }
    }
    return true;
  }

  /** Null when all clients hold identical content and state vectors; otherwise what differs. */
  divergence(): string | null {
    const [first, ...rest] = this.clients;
    if (!first) return null;
    const content = first.doc.getXmlFragment('body').toJSON();
    const vector = Buffer.from(Y.encodeStateVector(first.doc)).toString('base64');
    for (const other of rest) {
      if (other.doc.getXmlFragment('body').toJSON() !== content) {
        return `${other.document}: body differs between clients`;
      }
      if (Buffer.from(Y.encodeStateVector(other.doc)).toString('base64') !== vector) {
        return `${other.document}: state vectors differ between clients`;
      }
    }
    return null;
  }

  /** The converged body (of the first client), for comparing with a reloaded copy. */
  content(): string {
    return this.clients[0]?.doc.getXmlFragment('body').toJSON() ?? '';
  }

  private observe(doc: Y.Doc): void {
    const cursors = new Map<number, number>();
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const [writerId, after] of transaction.afterState) {
        if ((transaction.beforeState.get(writerId) ?? 0) >= after) continue;
        const log = this.logs.get(writerId);
        if (!log || writerId === doc.clientID) continue;
        let i = cursors.get(writerId) ?? 0;
        for (; i < log.ends.length && log.ends[i]! <= after; i++) {
          const madeAt = log.madeAt[i]!;
          if (!Number.isNaN(madeAt)) this.latencies.add(now - madeAt);
          this.observations++;
        }
        cursors.set(writerId, i);
      }
    });
  }
}
