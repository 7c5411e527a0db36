/**
 * Test helpers for the collab endpoint: the real y-websocket client in Node, raw `ws` sockets to
 * observe refusals, and deadline-bound waiting (never a fixed sleep as an assertion).
 */
import request from 'supertest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SeededRandom } from '../modules/collab/room/testing/random.js';
import { createMember } from './factories.js';
import { issueTestToken } from './sessions.js';
import type { TestServer } from './test-server.js';

/** An editor of a new tenant, their token and a new page created through `server`'s REST API. */
export async function editorWithDocument(server: TestServer, title: string) {
  const { tenant, user } = await createMember(server.node.dataSource, { role: 'editor' });
  const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
  const created = await request(server.url)
    .post('/api/v1/documents')
    .set('Authorization', `Bearer ${token}`)
    .send({ title, contentType: 'page' })
    .expect(201);
  return { tenant, user, token, documentId: (created.body as { id: string }).id };
}

/** A stock WebsocketProvider on `/collab/<documentId>` with the token as a query parameter. */
export function connectProvider(
  port: number,
  documentId: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
): WebsocketProvider {
  return new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has BroadcastChannel: without this, providers in one process would sync directly.
    disableBc: true,
  });
}

import { waitUntil } from './wait.js';

/** Resolves once the provider finished its first sync with the server. */
export function synced(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  return waitUntil(() => provider.synced, 'provider sync', timeoutMs);
}

/** Opens a raw socket and resolves with the close code the server ends it with. */
export function closeCodeOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no close from ${url}`));
    }, 5000);
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Plain text of the rich-text body (an XmlFragment of paragraphs holding text). */
export function bodyText(doc: Y.Doc): string {
  return doc.getXmlFragment('body').toJSON();
}

/** Appends a paragraph with `text` to the body, as a ProseMirror binding would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('body').push([paragraph]);
}

/** Inserts a paragraph with `text` at `index` of the body (clamped); returns its text node. */
export function insertParagraph(doc: Y.Doc, index: number, text: string): Y.XmlText {
  const body = doc.getXmlFragment('body');
  const content = new Y.XmlText(text);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [content]);
  body.insert(Math.min(index, body.length), [paragraph]);
  return content;
}

/** Resolves with the code of the next close the server sends the provider. */
export function nextCloseCode(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.on('connection-close', (event) => {
      if (event) resolve(event.code);
    });
  });
}

/** Destroys a provider together with what it leaves running (its Awareness interval, its doc). */
export function destroyProvider(provider: WebsocketProvider): void {
  provider.destroy();
  provider.awareness.destroy();
  provider.doc.destroy();
}

/** A raw socket to the endpoint that records every binary message it receives and its close. */
export interface RawSocket {
  readonly socket: WebSocket;
  readonly received: Uint8Array[];
  /** The close the socket saw: 1006 when the connection dropped without a close frame. */
  readonly closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
}

/** Opens a raw socket and resolves once it is open (the handshake may still be running). */
export function openRawSocket(url: string, timeoutMs = 5000): Promise<RawSocket> {
  const socket = new WebSocket(url);
  const received: Uint8Array[] = [];
  let isClosed = false;
  socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => {
      isClosed = true;
      resolve({ code, reason: reason.toString() });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${url} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve({ socket, received, closed, isClosed: () => isClosed });
    });
    void closed.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${url} closed with ${code} before it opened`));
    });
  });
}

/**
 * One stock client typing on a timer: words at the end of its own line, new paragraphs at random
 * places (seeded), and its own field. Every edit writes a unique token, so a test can ask for all.
 */
export class Typist {
  /** Every edit this client made, as the unique token it wrote. */
  readonly tokens: string[] = [];
  /** Close codes the provider saw (a 44xx would stop a stock client reconnecting). */
  readonly closeCodes: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private line: Y.XmlText | null = null;
  private readonly random: SeededRandom;

  constructor(
    readonly name: string,
    readonly provider: WebsocketProvider,
    seed: number,
    private readonly everyMs: number,
  ) {
    this.random = new SeededRandom(seed);
    provider.on('connection-close', (event) => {
      if (event) this.closeCodes.push(event.code);
    });
  }

  get doc(): Y.Doc {
    return this.provider.doc;
  }

  get edits(): number {
    return this.tokens.length;
  }

  start(): void {
    this.timer ??= setInterval(() => this.edit(), this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One edit; tokens are bracketed so none is a substring of another (`[a.1]` vs `[a.10]`). */
  private edit(): void {
    const token = `[${this.name}.${this.tokens.length}]`;
    const { doc, random } = this;
    doc.transact(() => {
      if (this.line === null || random.chance(0.25)) {
        // A new paragraph somewhere in the body: concurrent structural inserts.
        const body = doc.getXmlFragment('body');
        this.line = insertParagraph(doc, random.int(body.length + 1), token);
      } else {
        // Typing at the end of this client's own line (no one else touches it).
        this.line.insert(this.line.length, ` ${token}`);
      }
      doc.getMap('fields').set(this.name, this.tokens.length);
    });
    this.tokens.push(token);
  }
}

/** Whether `doc` holds every token of every typist, and each typist's last field value. */
export function hasAllEdits(doc: Y.Doc, typists: readonly Typist[]): boolean {
  const text = bodyText(doc);
  const fields = doc.getMap('fields');
  return typists.every(
    (typist) =>
      fields.get(typist.name) === typist.edits - 1 &&
      typist.tokens.every((token) => text.includes(token)),
  );
}

/** A document's state vector as a map (its encoding's order is not significant). */
export function stateVector(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** The tokens `doc` lacks, for a readable failure. */
export function missingTokens(doc: Y.Doc, typists: readonly Typist[]): string[] {
  const text = bodyText(doc);
  return typists.flatMap((typist) => typist.tokens.filter((token) => !text.includes(token)));
}
