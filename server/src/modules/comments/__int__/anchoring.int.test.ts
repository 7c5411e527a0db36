/**
 * Done-when of anchored comments: a thread stays on its words while stock y-websocket clients
 * concurrently insert 1,000 characters and words all around it (at its very edges too), whether
 * its positions were made by a client or converted by the server from offsets.
 */
import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  appendParagraph,
  connectProvider,
  destroyProvider,
  stateVector,
  synced,
} from '../../../test/collab-client.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { SeededRandom } from '../../../test/random.js';

const CLIENT_QUOTE = 'target words';
const OFFSET_QUOTE = 'second quote';
const INSERTS = 1000;

/** A range as two relative positions, the way an editor holds a comment's anchor. */
interface Range {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

const encode = (position: Y.RelativePosition) =>
  Buffer.from(Y.encodeRelativePosition(position)).toString('base64');
const decode = (base64: string) =>
  Y.decodeRelativePosition(new Uint8Array(Buffer.from(base64, 'base64')));

/** The body's text flow as docs/api-comments.md defines it: one XmlText per paragraph here. */
function flowOf(doc: Y.Doc): string {
  return doc
    .getXmlFragment('body')
    .toArray()
    .map((paragraph) => ((paragraph as Y.XmlElement).get(0) as Y.XmlText).toString())
    .join('\n');
}

/** Where a range is in `doc`: its text node and the indices of its edges there. */
function locate(doc: Y.Doc, range: Range): { text: Y.XmlText; from: number; to: number } {
  const start = Y.createAbsolutePositionFromRelativePosition(range.start, doc)!;
  const end = Y.createAbsolutePositionFromRelativePosition(range.end, doc)!;
  return { text: start.type as Y.XmlText, from: start.index, to: end.index };
}

/**
 * One client's edit: a character or word somewhere outside every range (a fifth of them exactly
 * on a range's edge, where a badly associated position would swallow it), or a new paragraph.
 */
function insertOutside(
  doc: Y.Doc,
  random: SeededRandom,
  ranges: readonly Range[],
): 'edge' | 'other' {
  const body = doc.getXmlFragment('body');
  const word = random.chance(0.5) ? random.word() : 'x';
  if (random.chance(0.1)) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(word)]);
    body.insert(random.int(body.length + 1), [paragraph]);
    return 'other';
  }
  const located = ranges.map((range) => locate(doc, range));
  if (random.chance(0.2)) {
    const { text, from, to } = random.pick(located);
    text.insert(random.chance(0.5) ? from : to, word);
    return 'edge';
  }
  const text = random.chance(0.5)
    ? random.pick(located).text
    : ((random.pick(body.toArray()) as Y.XmlElement).get(0) as Y.XmlText);
  const inside = located.filter((r) => r.text === text);
  let index: number;
  do index = random.int(text.length + 1);
  while (inside.some((r) => index > r.from && index < r.to));
  text.insert(index, word);
  return 'other';
}

describe('comment anchors under concurrent editing', () => {
  let server: TestServer;
  let tenantId: string;
  const tokens: string[] = [];
  const providers: WebsocketProvider[] = [];

  const api = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    server = await startTestServer({ label: 'comment-anchors' });
    const first = await createMember(server.node.dataSource, { role: 'editor' });
    tenantId = first.tenant.id;
    tokens.push(await issueTestToken(server.node, { tenantId, userId: first.user.id }));
    for (let i = 0; i < 2; i += 1) {
      const m = await createMember(server.node.dataSource, {
        tenant: first.tenant,
        role: 'editor',
      });
      tokens.push(await issueTestToken(server.node, { tenantId, userId: m.user.id }));
    }
  });
  afterAll(async () => {
    for (const provider of providers) destroyProvider(provider);
    await server?.close();
  });

  /** Resolves once every client and the server hold the same state. */
  async function converged(documentId: string, docs: readonly Y.Doc[]): Promise<void> {
    const key = (doc: Y.Doc) => JSON.stringify([...stateVector(doc)].sort((a, b) => a[0] - b[0]));
    await waitUntil(
      async () => {
        const serverDoc = await server.node.content.read(tenantId, documentId);
        const expected = key(serverDoc);
        serverDoc.destroy();
        return docs.every((doc) => key(doc) === expected);
      },
      'clients and server converge',
      30_000,
      50,
    );
  }

  it('keeps threads on their words through 1,000 concurrent inserts around them, orphans them once deleted', async () => {
    const created = await api(tokens[0]!)
      .post('/api/v1/documents')
      .send({ title: 'Anchors' })
      .expect(201);
    const documentId: string = created.body.id;
    const base = `/api/v1/documents/${documentId}/comments`;
    await server.node.content.change(tenantId, documentId, (doc) => {
      appendParagraph(doc, 'An opening paragraph.');
      appendParagraph(doc, `Here is the ${OFFSET_QUOTE} to keep.`);
    });
    for (const token of tokens) {
      const provider = connectProvider(server.node.port, documentId, token);
      providers.push(provider);
      await synced(provider);
    }
    const docs = providers.map((p) => p.doc);
    const [writer] = docs;

    // A client writes the words and anchors to them with positions it made itself, with the
    // default association (so its end would swallow text typed right after the words); the server
    // re-attaches the stored positions to the first and last quoted characters.
    appendParagraph(writer!, `Before text the ${CLIENT_QUOTE} after text.`);
    await converged(documentId, docs);
    const line = (writer!.getXmlFragment('body').get(2) as Y.XmlElement).get(0) as Y.XmlText;
    const at = line.toString().indexOf(CLIENT_QUOTE);
    const made = {
      start: encode(Y.createRelativePositionFromTypeIndex(line, at)),
      end: encode(Y.createRelativePositionFromTypeIndex(line, at + CLIENT_QUOTE.length)),
    };
    const { body: clientThread } = await api(tokens[0]!)
      .post(base)
      .send({ anchor: { kind: 'text', ...made }, body: 'Anchored by the editor' })
      .expect(201);
    expect(clientThread.quote).toBe(CLIENT_QUOTE);
    const clientRange: Range = {
      start: decode(clientThread.anchor.start),
      end: decode(clientThread.anchor.end),
    };

    // An API client without a Y.Doc anchors by offsets into the text flow.
    const from = flowOf(writer!).indexOf(OFFSET_QUOTE);
    const { body: offsetThread } = await api(tokens[1]!)
      .post(base)
      .send({ anchor: { kind: 'text', from, to: from + OFFSET_QUOTE.length }, body: 'By offsets' })
      .expect(201);
    expect(offsetThread.quote).toBe(OFFSET_QUOTE);
    const offsetRange: Range = {
      start: decode(offsetThread.anchor.start),
      end: decode(offsetThread.anchor.end),
    };

    // Three stock clients insert 1,000 times in all, concurrently, never inside either range.
    const kinds = { edge: 0, other: 0 };
    await Promise.all(
      docs.map(
        (doc, i) =>
          new Promise<void>((resolve) => {
            const random = new SeededRandom(1000 + i);
            let left = Math.floor(INSERTS / docs.length) + (i < INSERTS % docs.length ? 1 : 0);
            // Batches of 4 inserts per update stay well under the room's per-connection rate limit.
            const timer = setInterval(() => {
              doc.transact(() => {
                for (let n = 0; n < 4 && left > 0; n += 1, left -= 1) {
                  kinds[insertOutside(doc, random, [clientRange, offsetRange])] += 1;
                }
              });
              if (left === 0) {
                clearInterval(timer);
                resolve();
              }
            }, 15);
          }),
      ),
    );
    expect(kinds.edge + kinds.other).toBe(INSERTS);
    expect(kinds.edge).toBeGreaterThan(100);
    await converged(documentId, docs);
    const flow = flowOf(writer!);
    expect(docs.map(flowOf)).toEqual(docs.map(() => flow));
    expect(flow.length).toBeGreaterThan(1000);

    for (const [thread, quote] of [
      [clientThread, CLIENT_QUOTE],
      [offsetThread, OFFSET_QUOTE],
    ] as const) {
      const { body } = await api(tokens[2]!).get(`${base}/${thread.id}`).expect(200);
      expect(body.anchor.resolved).toMatchObject({ status: 'anchored', quote });
      expect(flow.slice(body.anchor.resolved.from, body.anchor.resolved.to)).toBe(quote);
    }

    // Deleting the quoted words orphans one thread; deleting the whole paragraph the other.
    writer!.transact(() => {
      const { text, from: start, to: end } = locate(writer!, clientRange);
      text.delete(start, end - start);
    });
    const other = docs[1]!;
    const { text: offsetText } = locate(other, offsetRange);
    const body = other.getXmlFragment('body');
    body.delete(body.toArray().indexOf(offsetText.parent as Y.XmlElement), 1);
    await converged(documentId, docs);
    const listed = await api(tokens[2]!).get(base).expect(200);
    const resolved = Object.fromEntries(
      listed.body.items.map((t: { id: string; anchor: { resolved: unknown } }) => [
        t.id,
        t.anchor.resolved,
      ]),
    );
    expect(resolved[clientThread.id]).toMatchObject({ status: 'orphaned', quote: '' });
    expect(resolved[offsetThread.id]).toEqual({
      status: 'orphaned',
      quote: '',
      from: null,
      to: null,
    });
  }, 90_000);
});
