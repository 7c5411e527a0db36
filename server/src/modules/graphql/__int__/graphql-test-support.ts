import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { appendParagraph } from '../../../test/collab-client.js';
import type { TestServer } from '../../../test/test-server.js';
import type { TestMember } from '../../../test/workflow-support.js';

export { memberOf, type TestMember } from '../../../test/workflow-support.js';

/** A workflow where a member who may publish publishes a draft in one step. */
export const DIRECT_PUBLISH = {
  name: 'Direct',
  isDefault: true,
  definition: {
    stages: [
      { key: 'draft', name: 'Draft', initial: true },
      { key: 'published', name: 'Published' },
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
      {
        key: 'revise',
        name: 'Revise',
        from: ['published'],
        to: 'draft',
        guards: { permission: 'documents.write' },
        actions: [],
      },
    ],
  },
};

/** POSTs a GraphQL operation as `credential` (a token or API key) on the member's tenant host. */
export function gql(
  server: TestServer,
  host: string,
  credential: string | null,
  body: unknown,
): request.Test {
  const test = request(server.url)
    .post('/graphql')
    .set('Host', host)
    .set('Accept', 'application/json');
  if (credential) test.set('Authorization', `Bearer ${credential}`);
  return test.send(body as object);
}

/** The Host of a member's tenant. */
export const hostOf = (member: TestMember) => `${member.tenant.slug}.localhost`;

/** A document with some text, in a tenant whose default workflow publishes directly. */
export async function draftDocument(
  server: TestServer,
  owner: TestMember,
  title: string,
): Promise<string> {
  const res = await owner.post('/api/v1/documents', { title }).expect(201);
  const id = res.body.id as string;
  await server.node.content.change(owner.tenant.id, id, (doc) =>
    appendParagraph(doc, `${title} text.`),
  );
  return id;
}

/** A delivery key of the owner's tenant (scope published.read). */
export async function deliveryKey(owner: TestMember): Promise<string> {
  const res = await owner
    .post('/api/v1/api-keys', { name: 'delivery', scopes: ['published.read'] })
    .expect(201);
  return res.body.token as string;
}

/** A graphql-ws client on the server's /graphql, for the tenant `host`. */
export function wsClient(
  server: TestServer,
  host: string,
  token: string,
  onClose?: (code: number) => void,
): Client {
  const url = `${server.url.replace('http', 'ws')}/graphql`;
  class HostSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { Host: host } });
    }
  }
  return createClient({
    url,
    webSocketImpl: HostSocket,
    connectionParams: { token },
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClose?.((event as { code: number }).code) },
  });
}

/** Collects the `next` results of a subscription until disposed. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.data) results.push(value.data);
        if (value.errors) errors.push(...value.errors);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { results, errors, dispose };
}
