import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { appendParagraph } from '../../../test/collab-client.js';
import type { TestServer } from '../../../test/test-server.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import type { Tenant } from '../../tenancy/index.js';

/** A member of a tenant with a real token and REST helpers against the test server. */
export interface TestMember {
  tenant: Tenant;
  userId: string;
  token: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

/** A member with `role` (in `tenant`, or a new tenant), ready to call the API. */
export async function memberOf(
  server: TestServer,
  role: string,
  tenant?: Tenant,
): Promise<TestMember> {
  const m = await createMember(server.node.dataSource, { role, ...(tenant ? { tenant } : {}) });
  const token = await issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });
  const auth = (test: request.Test) =>
    test.set('Authorization', `Bearer ${token}`).set('Host', `${m.tenant.slug}.localhost`);
  return {
    tenant: m.tenant,
    userId: m.user.id,
    token,
    get: (path) => auth(request(server.url).get(path)),
    post: (path, body) => auth(request(server.url).post(path)).send(body ?? {}),
    put: (path, body) => auth(request(server.url).put(path)).send(body ?? {}),
  };
}

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
