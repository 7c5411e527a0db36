import { HttpTransport } from '../http.js';
import { FolioAuth } from './auth.js';
import { memoryTokenStore, type TokenStore } from './token-store.js';

/**
 * An auth server in a fetch function: login answers tokens valid for `ttlSeconds`, refresh
 * rotates them (a spent refresh token is refused, as the real server revokes on reuse).
 */
function authServer(ttlSeconds: number) {
  let generation = 0;
  let current = 'rt-0';
  const calls: string[] = [];
  let releaseRefresh: (() => void) | null = null;
  const tokens = () => ({
    accessToken: `at-${generation}`,
    refreshToken: (current = `rt-${generation}`),
    expiresIn: ttlSeconds,
  });
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchAuth: typeof fetch = async (input, init) => {
    const path = urlOf(input).pathname;
    calls.push(path);
    if (path.endsWith('/auth/login')) return json(200, tokens());
    if (path.endsWith('/auth/me')) return json(200, { user: { id: 'u' }, tenant: { slug: 't' } });
    if (path.endsWith('/auth/refresh')) {
      // Held open so concurrent callers pile up behind the one refresh.
      await new Promise<void>((resolve) => (releaseRefresh = resolve));
      const { refreshToken } = JSON.parse(init?.body as string) as { refreshToken: string };
      if (refreshToken !== current) {
        return json(401, { error: { code: 'unauthenticated', message: 'reused' } });
      }
      generation += 1;
      return json(200, tokens());
    }
    return json(404, { error: { code: 'not_found', message: path } });
  };
  return {
    calls,
    release: () => releaseRefresh?.(),
    client: (store: TokenStore = memoryTokenStore()) =>
      new FolioAuth(new HttpTransport('http://folio.test', 't', fetchAuth), store),
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

describe('FolioAuth token refresh', () => {
  it('uses a token with most of its lifetime left as is', async () => {
    const server = authServer(600);
    const auth = server.client();
    await auth.login({ email: 'a@b.c', password: 'p' });
    await expect(auth.getAccessToken()).resolves.toBe('at-0');
    expect(server.calls.filter((c) => c.endsWith('/refresh'))).toHaveLength(0);
  });

  it('refreshes a token near expiry once for every concurrent caller', async () => {
    const server = authServer(600);
    const store = memoryTokenStore();
    const auth = server.client(store);
    await auth.login({ email: 'a@b.c', password: 'p' });
    // 20 s of 600 left: inside the refresh lead (a quarter of the lifetime, at most 60 s).
    store.set({ ...store.get()!, issuedAt: Date.now() - 580_000, expiresAt: Date.now() + 20_000 });
    const tokens = Promise.all(Array.from({ length: 8 }, () => auth.getAccessToken()));
    await until(() => server.calls.some((c) => c.endsWith('/refresh')));
    server.release();
    expect(await tokens).toEqual(Array(8).fill('at-1'));
    expect(server.calls.filter((c) => c.endsWith('/refresh'))).toHaveLength(1);
  });

  it('shares one rotation between clients of one store (tabs) instead of reusing the token', async () => {
    const server = authServer(600);
    const shared = memoryTokenStore();
    const [first, second] = [server.client(shared), server.client(shared)];
    await first.login({ email: 'a@b.c', password: 'p' });
    const both = Promise.all([
      first.getAccessToken({ forceRefresh: true }),
      second.getAccessToken({ forceRefresh: true }),
    ]);
    await until(() => server.calls.some((c) => c.endsWith('/refresh')));
    server.release();
    expect(await both).toEqual(['at-1', 'at-1']);
    expect(server.calls.filter((c) => c.endsWith('/refresh'))).toHaveLength(1);
    expect(second.isSignedIn).toBe(true);
  });

  it('signs out when the refresh is refused', async () => {
    const server = authServer(600);
    const store = memoryTokenStore();
    const auth = server.client(store);
    await auth.login({ email: 'a@b.c', password: 'p' });
    store.set({ ...store.get()!, refreshToken: 'rt-spent' });
    const states: string[] = [];
    auth.onChange((state) => states.push(state.status));
    const token = auth.getAccessToken({ forceRefresh: true });
    await until(() => server.calls.some((c) => c.endsWith('/refresh')));
    server.release();
    await expect(token).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(states).toEqual(['signed-out']);
    expect(auth.isSignedIn).toBe(false);
  });
});

function urlOf(input: RequestInfo | URL): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}
