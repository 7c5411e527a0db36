/**
 * Test helpers for the collab endpoint: the real y-websocket client in Node, raw `ws` sockets to
 * observe refusals, and deadline-bound waiting (never a fixed sleep as an assertion).
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

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

import { waitUntil } from '../../../test/wait.js';

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
