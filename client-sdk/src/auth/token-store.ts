/** Where a client keeps its session tokens. */

/** A signed-in session: the short-lived access token and the refresh token that renews it. */
export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires (ms since the epoch, client clock). */
  readonly expiresAt: number;
  /** When it was issued (client clock); sizes how early it is refreshed. */
  readonly issuedAt?: number;
}

/** Storage for the session; synchronous so a page can read it before first render. */
export interface TokenStore {
  get(): StoredSession | null;
  set(session: StoredSession | null): void;
  /**
   * Runs `task` alone among every client sharing this store (tabs of one origin, clients of one
   * process). Refresh tokens rotate on use and a reused one revokes the session, so clients that
   * share tokens must refresh one at a time, each re-reading the store first.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

/** Keeps the session in memory only (the default; Node scripts, tests). Share it to share a session. */
export function memoryTokenStore(): TokenStore {
  let session: StoredSession | null = null;
  return {
    get: () => session,
    set: (next) => {
      session = next;
    },
    exclusive: queue(),
  };
}

/**
 * Keeps the session in `localStorage` under `key` (browsers), so a reload stays signed in. Give
 * each tenant its own key when one page talks to several tenants.
 */
export function localStorageTokenStore(key = 'folio.session'): TokenStore {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (!storage) throw new Error('localStorage is not available here; use memoryTokenStore()');
  const inPage = queue();
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return {
    get: () => parseSession(storage.getItem(key)),
    set: (session) => {
      if (session) storage.setItem(key, JSON.stringify(session));
      else storage.removeItem(key);
    },
    // The Web Locks API spans every tab of the origin; without it, at least this page's clients.
    exclusive: locks
      ? <T>(task: () => Promise<T>) => locks.request(`${key}:refresh`, task) as Promise<T>
      : inPage,
  };
}

/** A mutex over async tasks: each starts after the previous one settled. */
function queue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (
      typeof value.accessToken === 'string' &&
      typeof value.refreshToken === 'string' &&
      typeof value.expiresAt === 'number'
    ) {
      return {
        accessToken: value.accessToken,
        refreshToken: value.refreshToken,
        expiresAt: value.expiresAt,
        ...(typeof value.issuedAt === 'number' ? { issuedAt: value.issuedAt } : {}),
      };
    }
  } catch {
    // A corrupt entry is a signed-out client, not a crash.
  }
  return null;
}
