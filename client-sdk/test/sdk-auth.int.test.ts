/**
 * The SDK's auth against the real server: password and TOTP login, single-flight refresh under
 * concurrency, renewal after a refused token, API keys, logout and tenant selection.
 */
import { randomBytes } from 'node:crypto';
import { AccessTokens } from '../../server/src/modules/identity/index.js';
import { base32Decode, hotp, totpStep } from '../../server/src/modules/identity/totp.js';
import { SecretBox } from '../../server/src/platform/crypto/secret-box.js';
import { withTenant } from '../../server/src/platform/db/unit-of-work.js';
import { tenantRepository } from '../../server/src/modules/tenancy/index.js';
import { createMember } from '../../server/src/test/factories.js';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import {
  FolioApiError,
  FolioAuthError,
  memoryTokenStore,
  type StoredSession,
  type TokenStore,
} from '../src/index.js';
import { PASSWORD, passwordMember, sdkClient, signedIn } from './sdk-support.js';

describe('client SDK auth', () => {
  let server: TestServer;
  // The server's secret, so the test can mint access tokens that expired already (the server's
  // TTL is 10 minutes and not configurable; a test must not wait for it).
  const secret = randomBytes(32).toString('base64url');
  const expiredTokens = new AccessTokens(new SecretBox(secret), -120);

  /** Replaces the stored access token by an expired one of the same session. */
  async function expireAccessToken(
    store: TokenStore,
    member: { tenant: { id: string }; userId: string },
  ) {
    const session = store.get()!;
    const sessionId = session.refreshToken.split('.')[2]!;
    const { token } = await expiredTokens.issue({
      userId: member.userId,
      tenantId: member.tenant.id,
      sessionId,
    });
    // The client believes the token is still good: only the server's 401 tells it otherwise.
    const next: StoredSession = { ...session, accessToken: token };
    store.set(next);
    return next;
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-auth', env: { FOLIO_SECRET: secret } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs in with a password, reads me and reports the change', async () => {
    const member = await passwordMember(server, 'editor');
    const { folio } = sdkClient(server, member.tenant.slug);
    const states: string[] = [];
    folio.auth.onChange((state) => states.push(state.status));

    const result = await folio.auth.login({ email: member.email, password: PASSWORD });
    expect(result.status).toBe('signed-in');
    if (result.status !== 'signed-in') return;
    expect(result.me).toMatchObject({
      user: { id: member.userId, email: member.email },
      tenant: { slug: member.tenant.slug },
      role: 'editor',
    });
    expect(result.me.permissions).toContain('documents.write');
    expect(states).toEqual(['signed-in']);
  });

  it('refuses a wrong password with the server error code and stays signed out', async () => {
    const member = await passwordMember(server, 'editor');
    const { folio } = sdkClient(server, member.tenant.slug);
    const error = await folio.auth
      .login({ email: member.email, password: 'wrong' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(folio.auth.isSignedIn).toBe(false);
    // Signed out, calls go anonymously and the server refuses them.
    await expect(folio.rest.get('/api/v1/documents')).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
    await expect(folio.auth.getAccessToken()).rejects.toBeInstanceOf(FolioAuthError);
  });

  it('asks for the second factor, rejects a wrong code, then completes with a TOTP', async () => {
    const member = await passwordMember(server, 'editor');
    const { folio } = await signedIn(server, member);
    const enrol = await folio.rest.post<{ secret: string }>('/api/v1/auth/mfa/totp/enrol');
    const code = (offset: number) =>
      hotp(base32Decode(enrol.secret), totpStep(Date.now()) + offset);
    await folio.rest.post('/api/v1/auth/mfa/totp/verify', { body: { code: code(-1) } });

    const { folio: fresh } = sdkClient(server, member.tenant.slug);
    const result = await fresh.auth.login({ email: member.email, password: PASSWORD });
    expect(result.status).toBe('mfa-required');
    if (result.status !== 'mfa-required') return;
    const near = new Set([-2, -1, 0, 1, 2].map(code));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !near.has(c))!;
    await expect(result.completeMfa(wrong)).rejects.toMatchObject({ status: 401 });
    expect(fresh.auth.isSignedIn).toBe(false);

    const done = await result.completeMfa(code(0));
    expect(done.me).toMatchObject({ user: { id: member.userId }, mfaEnabled: true });
    expect(fresh.auth.isSignedIn).toBe(true);
  });

  it('collapses concurrent refreshes of an expired token into one request', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client, requests } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    const session = store.get()!;
    store.set({ ...session, expiresAt: Date.now() - 1000 });
    requests.length = 0;

    const results = await Promise.all(
      Array.from({ length: 12 }, () => client.rest.get('/api/v1/auth/me')),
    );
    expect(results).toHaveLength(12);
    expect(requests.filter((r) => r === 'POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(store.get()!.refreshToken).not.toBe(session.refreshToken);
    // The rotated-out refresh token is spent: the client never reused it (that would revoke the family).
    await expect(client.auth.me()).resolves.toMatchObject({ user: { id: member.userId } });
  });

  it('renews an access token the server finds expired with one refresh for many calls', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client, requests } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    const expired = await expireAccessToken(store, member);
    const raw = await fetch(`${server.url}/api/v1/documents`, {
      headers: {
        authorization: `Bearer ${expired.accessToken}`,
        'x-folio-tenant': member.tenant.slug,
      },
    });
    expect(raw.status).toBe(401);
    requests.length = 0;

    const pages = await Promise.all(
      Array.from({ length: 10 }, () => client.rest.get<{ items: unknown[] }>('/api/v1/documents')),
    );
    expect(pages.every((page) => Array.isArray(page.items))).toBe(true);
    expect(requests.filter((r) => r === 'POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(requests.filter((r) => r === 'GET /api/v1/documents')).toHaveLength(20);
    expect(store.get()!.accessToken).not.toBe(expired.accessToken);
  });

  it('does not reuse a refresh token when clients share a session (tabs) and refresh at once', async () => {
    const member = await passwordMember(server, 'editor');
    const shared = memoryTokenStore();
    const tabs = [0, 1, 2].map(() => sdkClient(server, member.tenant.slug, shared));
    await tabs[0]!.folio.auth.login({ email: member.email, password: PASSWORD });
    const signedOut: number[] = [];
    tabs.forEach((tab, i) =>
      tab.folio.auth.onChange((s) => s.status === 'signed-out' && signedOut.push(i)),
    );
    await expireAccessToken(shared, member);
    for (const tab of tabs) tab.requests.length = 0;

    // Every tab sees a 401 and wants a refresh at the same moment.
    await Promise.all(
      tabs.flatMap((tab) => Array.from({ length: 4 }, () => tab.folio.rest.get('/api/v1/auth/me'))),
    );
    const refreshes = tabs
      .flatMap((tab) => tab.requests)
      .filter((r) => r.endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
    expect(signedOut).toEqual([]);
    // The session was not revoked for reuse: an explicit refresh still rotates it.
    const before = shared.get()!.refreshToken;
    await tabs[1]!.folio.auth.getAccessToken({ forceRefresh: true });
    expect(shared.get()!.refreshToken).not.toBe(before);
    await expect(tabs[2]!.folio.auth.me()).resolves.toMatchObject({ user: { id: member.userId } });
  });

  it('renews once and retries when the server refuses a forged access token', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client, requests } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    store.set({ ...store.get()!, accessToken: 'not-a-valid-token' });
    requests.length = 0;

    const docs = await client.rest.get('/api/v1/documents');
    expect(docs).toMatchObject({ items: expect.any(Array) });
    expect(requests).toEqual([
      'GET /api/v1/documents',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/documents',
    ]);
  });

  it('signs out when the session was revoked and the refresh is refused', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    const states: string[] = [];
    client.auth.onChange((state) => states.push(state.status));
    // The session ends elsewhere (logout of every session from another device).
    const res = await fetch(`${server.url}/api/v1/auth/logout-all`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${store.get()!.accessToken}`,
        'x-folio-tenant': member.tenant.slug,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBeLessThan(300);

    await expect(client.rest.get('/api/v1/documents')).rejects.toMatchObject({ status: 401 });
    expect(states).toEqual(['signed-out']);
    expect(client.auth.isSignedIn).toBe(false);
  });

  it('uses an API key for every call, with no refresh', async () => {
    const member = await passwordMember(server, 'owner');
    const { folio } = await signedIn(server, member);
    const key = await folio.rest.post<{ token: string }>('/api/v1/api-keys', {
      body: { name: 'sdk', scopes: ['documents.read'] },
    });
    const { folio: keyed, requests } = sdkClient(server, member.tenant.slug);
    keyed.auth.useApiKey(key.token);
    await expect(keyed.rest.get('/api/v1/documents')).resolves.toMatchObject({ items: [] });
    await expect(
      keyed.rest.post('/api/v1/documents', { body: { title: 'No' } }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(requests.some((r) => r.includes('/auth/refresh'))).toBe(false);
  });

  it('logs out: the server forgets the session and the client is signed out', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    const { accessToken, refreshToken } = store.get()!;
    const states: string[] = [];
    client.auth.onChange((state) => states.push(state.status));

    await client.auth.logout();
    expect(states).toEqual(['signed-out']);
    expect(client.auth.isSignedIn).toBe(false);
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-folio-tenant': member.tenant.slug },
    });
    expect(me.status).toBe(401);
    const refresh = await fetch(`${server.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-folio-tenant': member.tenant.slug },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refresh.status).toBe(401);
  });

  it('logs out with an expired access token: renews it first so the server session ends', async () => {
    const member = await passwordMember(server, 'editor');
    const store = memoryTokenStore();
    const { folio: client, requests } = sdkClient(server, member.tenant.slug, store);
    await client.auth.login({ email: member.email, password: PASSWORD });
    await expireAccessToken(store, member);
    const familyId = store.get()!.refreshToken.split('.')[2]!;
    requests.length = 0;

    await client.auth.logout();
    expect(requests).toEqual([
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/logout',
    ]);
    expect(client.auth.isSignedIn).toBe(false);
    const [family] = await withTenant(server.node.dataSource, member.tenant.id, (tx) =>
      tx.query<{ revoked_at: Date | null }[]>(
        'SELECT revoked_at FROM refresh_token_families WHERE id = $1',
        [familyId],
      ),
    );
    expect(family?.revoked_at).toBeInstanceOf(Date);
  });

  it('lists the user’s tenants and switches to another by signing in there', async () => {
    const first = await passwordMember(server, 'editor');
    const { folio } = await signedIn(server, first);
    // The same user joins a second tenant.
    const { tenant: second } = await createMember(server.node.dataSource, { role: 'viewer' });
    await withTenant(server.node.dataSource, second.id, (tx) =>
      tenantRepository.upsertMembership(tx, {
        tenantId: second.id,
        userId: first.userId,
        role: 'viewer',
      }),
    );

    const tenants = await folio.auth.tenants();
    expect(tenants.map((t) => [t.tenant.slug, t.role, t.isCurrent]).sort()).toEqual(
      [
        [first.tenant.slug, 'editor', true],
        [second.slug, 'viewer', false],
      ].sort(),
    );
    await expect(
      folio.auth.selectTenant('not-mine', { email: first.email, password: PASSWORD }),
    ).rejects.toBeInstanceOf(FolioAuthError);

    const switched = await folio.auth.selectTenant(second.slug, {
      email: first.email,
      password: PASSWORD,
    });
    expect(switched.status).toBe('signed-in');
    const me = await folio.auth.me();
    expect(me).toMatchObject({ tenant: { slug: second.slug }, role: 'viewer' });
    await expect(
      folio.rest.post('/api/v1/documents', { body: { title: 'No' } }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});
