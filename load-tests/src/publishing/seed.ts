/**
 * Seeds the benchmark's tenant through the public API: an owner (sign-up), a one-step workflow
 * (draft → published, freezing and publishing in one transition), N articles with content typed
 * over the collaboration endpoint, each published, and a delivery key (`published.read`).
 */
import { closeClient, openClients, waitUntil } from '../collab/clients.js';
import { signUp, createDocuments, type FolioAccount } from '../collab/folio-api.js';
import type { ServerProcess } from '../collab/servers.js';

/** What the measurements need. */
export interface Seeded {
  readonly account: FolioAccount;
  readonly deliveryKey: string;
  readonly slugs: string[];
  /** Bytes of one REST response (the first document), for the report. */
  readonly responseBytes: number;
}

const ONE_STEP_WORKFLOW = {
  name: 'Benchmark: publish directly',
  isDefault: true,
  definition: {
    stages: [
      { key: 'draft', name: 'Draft', initial: true },
      { key: 'published', name: 'Published', terminal: true },
    ],
    transitions: [
      {
        key: 'publish',
        name: 'Publish',
        from: ['draft'],
        to: 'published',
        guards: { permission: 'documents.publish' },
        actions: ['freeze_version', 'publish'],
      },
    ],
  },
};

async function api<T>(
  server: ServerProcess,
  account: FolioAccount,
  method: string,
  path: string,
  body?: object,
): Promise<T> {
  const response = await fetch(`${server.httpUrl}/api/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${account.accessToken}`,
      'X-Folio-Tenant': account.tenantSlug,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Types a summary and `paragraphs` paragraphs into each document, and waits until the server has them. */
async function writeContent(
  server: ServerProcess,
  account: FolioAccount,
  ids: string[],
  paragraphs: number,
): Promise<void> {
  const target = { collabUrl: server.collabUrl, params: { token: account.accessToken } };
  const clients = (await openClients(target, ids, 1)).map((perDoc) => perDoc[0]!);
  const { XmlElement, XmlText } = await import('yjs');
  for (const [i, client] of clients.entries()) {
    client.doc.transact(() => {
      client.doc.getMap('fields').set('summary', `Summary of benchmark article ${i + 1}.`);
      const body = client.doc.getXmlFragment('body');
      for (let p = 0; p < paragraphs; p++) {
        const paragraph = new XmlElement('paragraph');
        paragraph.insert(0, [
          new XmlText(
            `Paragraph ${p + 1} of article ${i + 1}: ${'lorem ipsum dolor sit amet '.repeat(4)}`,
          ),
        ]);
        body.push([paragraph]);
      }
    });
  }
  // The freeze reads the server's copy: wait until every document's summary arrived there.
  for (const [i, id] of ids.entries()) {
    let seen = false;
    const deadline = Date.now() + 30_000;
    while (!seen) {
      const content = await api<{ fields: Record<string, unknown> }>(
        server,
        account,
        'GET',
        `/documents/${id}/content`,
      );
      seen = content.fields.summary === `Summary of benchmark article ${i + 1}.`;
      if (!seen && Date.now() > deadline)
        throw new Error(`content of ${id} never reached the server`);
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  for (const client of clients) closeClient(client);
  await waitUntil(() => clients.every((c) => !c.provider.wsconnected), 'clients to close', 10_000);
}

/** Seeds the tenant; resolves once every document is published and readable with the key. */
export async function seedTenant(
  server: ServerProcess,
  docs: number,
  paragraphs: number,
): Promise<Seeded> {
  const account = await signUp(server.httpUrl);
  await api(server, account, 'PUT', '/workflows/bench', ONE_STEP_WORKFLOW);
  const ids = await createDocuments(server.httpUrl, account, docs, 'Benchmark article');
  await writeContent(server, account, ids, paragraphs);
  const slugs: string[] = [];
  for (const id of ids) {
    await api(server, account, 'POST', `/documents/${id}/workflow/transitions`, {
      transition: 'publish',
    });
    slugs.push((await api<{ slug: string }>(server, account, 'GET', `/documents/${id}`)).slug);
  }
  const key = await api<{ token: string }>(server, account, 'POST', '/api-keys', {
    name: 'Benchmark delivery key',
    scopes: ['published.read'],
  });
  const first = await fetch(`${server.httpUrl}/api/v1/published/documents/${slugs[0]}`, {
    headers: { Authorization: `Bearer ${key.token}` },
  });
  if (!first.ok)
    throw new Error(`the delivery read answered ${first.status}: ${await first.text()}`);
  const responseBytes = (await first.arrayBuffer()).byteLength;
  return { account, deliveryKey: key.token, slugs, responseBytes };
}
