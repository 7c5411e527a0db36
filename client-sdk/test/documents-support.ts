/**
 * Shared setup of the SDK's document-session tests: the real server (startTestServer), a tenant
 * with members, a document created over REST, and sessions opened with `ws` as the WebSocket.
 */
import request from 'supertest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { TestServer } from '../../server/src/test/test-server.js';
import { createMember } from '../../server/src/test/factories.js';
import { issueTestToken } from '../../server/src/test/sessions.js';
import { waitUntil } from '../../server/src/test/wait.js';
import {
  openDocumentSession,
  type DocumentSession,
  type DocumentSessionOptions,
  type WebSocketConstructor,
} from '../src/documents/index.js';

/** A member of the test tenant, with a token getter the sessions call. */
export interface TestMember {
  readonly tenantId: string;
  readonly userId: string;
  token: string;
}

/** Creates an editor member and a document they own; returns both. */
export async function memberWithDocument(
  server: TestServer,
): Promise<{ member: TestMember; documentId: string }> {
  const { tenant, user } = await createMember(server.node.dataSource, { role: 'editor' });
  const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
  const created = await request(server.url)
    .post('/api/v1/documents')
    .set('Authorization', `Bearer ${token}`)
    .send({ title: 'SDK session test', contentType: 'page' })
    .expect(201);
  return {
    member: { tenantId: tenant.id, userId: user.id, token },
    documentId: (created.body as { id: string }).id,
  };
}

/** Opens sessions and destroys them all at the end of a test. */
export class Sessions {
  private readonly open: DocumentSession[] = [];

  /** A session against `port` (the server's, or a proxy's) with a fast backoff for tests. */
  session(
    port: number,
    documentId: string,
    getToken: DocumentSessionOptions['getToken'],
    extra: Partial<DocumentSessionOptions> = {},
  ): DocumentSession {
    const session = openDocumentSession({
      collabUrl: `ws://127.0.0.1:${port}/collab`,
      documentId,
      getToken,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      backoff: { initialMs: 50, maxMs: 400 },
      ...extra,
    });
    this.open.push(session);
    return session;
  }

  /** Destroys every session opened here. */
  destroyAll(): void {
    for (const session of this.open.splice(0)) session.destroy();
  }
}

/** The text of every paragraph of the body, in order. */
export function paragraphs(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('body')
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toString() : ''))
    .map((xml) => xml.replace(/<[^>]+>/g, ''));
}

/** Appends a paragraph, as a ProseMirror binding would. */
export function appendParagraph(session: DocumentSession, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  session.body.push([paragraph]);
}

/** Waits until `session` holds a paragraph `text`. */
export function hasParagraph(
  session: DocumentSession,
  text: string,
  timeoutMs = 10_000,
): Promise<void> {
  return waitUntil(() => paragraphs(session.doc).includes(text), `paragraph "${text}"`, timeoutMs);
}
