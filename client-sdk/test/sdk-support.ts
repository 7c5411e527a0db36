/**
 * Shared setup of the SDK's client tests: members with passwords on the real server, and SDK
 * clients pointed at it (127.0.0.1 + X-Folio-Tenant, `ws` as the WebSocket), with a fetch that
 * counts the requests it sends.
 */
import { WebSocket } from 'ws';
import { createMember } from '../../server/src/test/factories.js';
import type { TestServer } from '../../server/src/test/test-server.js';
import type { Tenant } from '../../server/src/modules/tenancy/index.js';
import {
  createFolioClient,
  memoryTokenStore,
  type FolioClient,
  type TokenStore,
} from '../src/index.js';
import type { WebSocketConstructor } from '../src/documents/index.js';

export const PASSWORD = 'correct horse battery staple 42';

/** A member with a password, for signing in through the SDK. */
export interface PasswordMember {
  readonly tenant: Tenant;
  readonly userId: string;
  readonly email: string;
}

/** Creates a member (`role`, in `tenant` or a new tenant) who signs in with PASSWORD. */
export async function passwordMember(
  server: TestServer,
  role: string,
  tenant?: Tenant,
): Promise<PasswordMember> {
  const m = await createMember(server.node.dataSource, {
    role,
    password: PASSWORD,
    ...(tenant ? { tenant } : {}),
  });
  return { tenant: m.tenant, userId: m.user.id, email: m.user.email };
}

/** An SDK client of `tenantSlug` and the log of every request path it sent. */
export function sdkClient(
  server: TestServer,
  tenantSlug: string,
  tokenStore: TokenStore = memoryTokenStore(),
): { folio: FolioClient; requests: string[] } {
  const requests: string[] = [];
  const folio = createFolioClient({
    baseUrl: server.url,
    tenant: tenantSlug,
    tokenStore,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });
  return { folio, requests };
}

/** A client signed in as `member`. */
export async function signedIn(server: TestServer, member: PasswordMember) {
  const client = sdkClient(server, member.tenant.slug);
  const result = await client.folio.auth.login({ email: member.email, password: PASSWORD });
  if (result.status !== 'signed-in') throw new Error('expected a plain sign-in');
  return client;
}
