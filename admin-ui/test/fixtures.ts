import request from 'supertest';
import { createMember } from '../../server/src/test/factories.js';
import type { TestServer } from '../../server/src/test/test-server.js';
import { issueTestToken } from '../../server/src/test/sessions.js';
import type { Tenant } from '../../server/src/modules/tenancy/index.js';

/** A member who signs in through the UI with a password. */
export interface Person {
  email: string;
  password: string;
  userId: string;
  tenant: Tenant;
  token: string;
}

/** A member of `tenant` (a new one when absent) with a password, plus an API token for setup. */
export async function person(server: TestServer, role: string, tenant?: Tenant): Promise<Person> {
  const password = `pw-${Math.random().toString(36).slice(2)}-Aa1!`;
  const m = await createMember(server.node.dataSource, {
    role,
    password,
    ...(tenant ? { tenant } : {}),
  });
  const token = await issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });
  return { email: m.user.email, password, userId: m.user.id, tenant: m.tenant, token };
}

/** An API request as `who`, on their tenant's host. */
export function as(server: TestServer, who: Person) {
  const auth = (test: request.Test) =>
    test.set('Authorization', `Bearer ${who.token}`).set('Host', `${who.tenant.slug}.localhost`);
  return {
    get: (path: string) => auth(request(server.url).get(path)),
    post: (path: string, body: object = {}) => auth(request(server.url).post(path)).send(body),
  };
}

/** The document's body as the server renders it now (plain text of its paragraphs). */
export async function serverText(
  server: TestServer,
  who: Person,
  documentId: string,
): Promise<string> {
  const res = await as(server, who).get(`/api/v1/documents/${documentId}/content`).expect(200);
  const walk = (node: { text?: string; content?: unknown[] }): string =>
    (node.text ?? '') + (node.content ?? []).map((c) => walk(c as typeof node)).join('');
  return walk(res.body.body as { content?: unknown[] });
}
