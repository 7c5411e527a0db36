/**
 * Sign-in state of a client: password (+ TOTP) login, access tokens renewed by one single-flight
 * refresh, API keys, logout and tenant selection (tokens are bound to one tenant, so choosing
 * another tenant means signing in there).
 */
import { FolioApiError, FolioAuthError } from '../errors.js';
import type { HttpTransport } from '../http.js';
import { SingleFlight } from './single-flight.js';
import { memoryTokenStore, type StoredSession, type TokenStore } from './token-store.js';

/** `GET /api/v1/auth/me`. */
export interface Me {
  readonly user: { readonly id: string; readonly email: string; readonly displayName: string };
  readonly tenant: { readonly id: string; readonly slug: string; readonly name: string };
  /** The member's role key; null for principals without one. */
  readonly role: string | null;
  readonly permissions: readonly string[];
  readonly mfaEnabled: boolean;
  readonly sessionId: string | null;
  readonly isStaff: boolean;
}

/** One entry of `GET /api/v1/auth/tenants`. */
export interface TenantChoice {
  readonly tenant: {
    readonly id: string;
    readonly slug: string;
    readonly name: string;
    readonly status: string;
  };
  readonly role: string;
  /** Where this tenant's UI and API live (its primary host). */
  readonly url: string;
  readonly isCurrent: boolean;
}

/** What `login` resolves to: signed in, or a second factor is needed first. */
export type LoginResult =
  | { readonly status: 'signed-in'; readonly me: Me }
  | {
      readonly status: 'mfa-required';
      /** Sends the TOTP (or a recovery code); a wrong code rejects and may be retried. */
      completeMfa(code: string): Promise<{ readonly status: 'signed-in'; readonly me: Me }>;
    };

/** The client's sign-in state, as `onChange` reports it. */
export type AuthState =
  { readonly status: 'signed-in'; readonly me: Me | null } | { readonly status: 'signed-out' };

interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Refresh when less than this share of the token's lifetime is left (capped at REFRESH_LEAD_MAX_MS). */
const REFRESH_LEAD_SHARE = 0.25;
const REFRESH_LEAD_MAX_MS = 60_000;

/** Options of getAccessToken. */
export interface AccessTokenOptions {
  /** Refresh even if the stored token looks valid (the server refused it). */
  readonly forceRefresh?: boolean;
}

/** Login, tokens and sign-in state of one client. */
export class FolioAuth {
  private apiKey: string | null = null;
  private readonly listeners = new Set<(state: AuthState) => void>();
  private readonly refresher = new SingleFlight(() => this.refreshNow());
  private lastMe: Me | null = null;

  constructor(
    private readonly http: HttpTransport,
    private readonly store: TokenStore = memoryTokenStore(),
  ) {}

  /** Signs in with email and password; resolves to `mfa-required` when a second factor is due. */
  async login(credentials: { email: string; password: string }): Promise<LoginResult> {
    try {
      return await this.signIn({ ...credentials });
    } catch (error) {
      if (!isMfaRequired(error)) throw error;
      return {
        status: 'mfa-required',
        completeMfa: (code: string) => this.signIn({ ...credentials, totp: code }),
      };
    }
  }

  /** Uses an API key (`fk_…`) for every call instead of a session; no refresh happens. */
  useApiKey(key: string): void {
    this.apiKey = key;
    this.store.set(null);
    this.emit({ status: 'signed-in', me: null });
  }

  /**
   * Ends the session on the server and forgets the tokens. An expired access token is renewed
   * first, so the server session (its refresh token) really ends; a session already over is fine.
   */
  async logout(): Promise<void> {
    try {
      if (this.store.get() && !this.apiKey) {
        await this.authorized((credential) =>
          this.http.send({ method: 'POST', path: '/api/v1/auth/logout', body: {}, credential }),
        );
      }
    } catch (error) {
      const over =
        error instanceof FolioAuthError || (error instanceof FolioApiError && error.status === 401);
      if (!over) throw error;
    } finally {
      this.signOutLocally();
    }
  }

  /** The signed-in member: user, tenant, role and permissions. */
  async me(): Promise<Me> {
    const me = await this.call<Me>('GET', '/api/v1/auth/me');
    this.lastMe = me;
    return me;
  }

  /** Every tenant the signed-in user belongs to (for a tenant switcher). */
  async tenants(): Promise<TenantChoice[]> {
    const page = await this.call<{ items: TenantChoice[] }>('GET', '/api/v1/auth/tenants');
    return page.items;
  }

  /**
   * Switches the client to another of the user's tenants. Tokens are bound to one tenant and the
   * server has no token exchange, so this signs in there with the credentials; the new tokens
   * replace the previous tenant's in the store (that session idles out on the server). A client on a shared host switches its X-Folio-Tenant; a
   * client on a tenant host moves to the chosen tenant's URL (from `tenants()`).
   */
  async selectTenant(
    slug: string,
    credentials: { email: string; password: string },
  ): Promise<LoginResult> {
    const choice = this.isSignedIn
      ? (await this.tenants()).find((entry) => entry.tenant.slug === slug)
      : undefined;
    if (this.isSignedIn && !choice) throw new FolioAuthError(`Not a member of tenant "${slug}"`);
    const previous = { tenant: this.http.tenant, baseUrl: this.http.baseUrl };
    if (previous.tenant !== undefined || !choice) this.http.tenant = slug;
    else this.http.baseUrl = choice.url;
    try {
      return await this.login(credentials);
    } catch (error) {
      this.http.tenant = previous.tenant;
      this.http.baseUrl = previous.baseUrl;
      throw error;
    }
  }

  /** Whether the client holds a session or an API key. */
  get isSignedIn(): boolean {
    return this.apiKey !== null || this.store.get() !== null;
  }

  /**
   * A valid credential for the next call: the API key, or an access token refreshed first when it
   * is (about to be) expired. Concurrent callers share one refresh.
   */
  async getAccessToken(options: AccessTokenOptions = {}): Promise<string> {
    if (this.apiKey) return this.apiKey;
    const session = this.store.get();
    if (!session) throw new FolioAuthError('Not signed in');
    if (!options.forceRefresh && !needsRefresh(session)) return session.accessToken;
    return (await this.refresher.run()).accessToken;
  }

  /**
   * The credential to retry with after the server refused `rejected` with 401: a token another
   * caller refreshed meanwhile, or a fresh one. Null for API keys (nothing to renew).
   */
  async renewAfterRejection(rejected: string): Promise<string | null> {
    if (this.apiKey) return null;
    const session = this.store.get();
    if (!session) return null;
    if (session.accessToken !== rejected) return session.accessToken;
    try {
      return (await this.refresher.run()).accessToken;
    } catch {
      // The caller reports the original 401; a refused refresh has signed the client out already.
      return null;
    }
  }

  /**
   * Runs `send` with the current credential (none when signed out: public routes need none); when
   * the server refuses it with 401, renews the token once and runs `send` once more.
   */
  async authorized<T>(send: (credential: string | undefined) => Promise<T>): Promise<T> {
    const credential = this.isSignedIn ? await this.getAccessToken() : undefined;
    try {
      return await send(credential);
    } catch (error) {
      if (!(error instanceof FolioApiError) || error.status !== 401 || !credential) throw error;
      const renewed = await this.renewAfterRejection(credential);
      if (!renewed) throw error;
      return send(renewed);
    }
  }

  /** Listens to sign-in and sign-out; returns the unsubscribe function. */
  onChange(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async signIn(body: { email: string; password: string; totp?: string }) {
    this.apiKey = null;
    const res = await this.http.send<TokenResponse>({
      method: 'POST',
      path: '/api/v1/auth/login',
      body,
    });
    this.store.set(toSession(res.body));
    const me = await this.me();
    this.emit({ status: 'signed-in', me });
    return { status: 'signed-in' as const, me };
  }

  private refreshNow(): Promise<StoredSession> {
    const stale = this.store.get();
    if (!stale) return Promise.reject(new FolioAuthError('Not signed in'));
    return this.store.exclusive(async () => {
      const session = this.store.get();
      if (!session) throw new FolioAuthError('Not signed in');
      // Another client sharing the store (a tab) refreshed while this one waited: use its tokens.
      if (session.refreshToken !== stale.refreshToken && !needsRefresh(session)) return session;
      try {
        const res = await this.http.send<TokenResponse>({
          method: 'POST',
          path: '/api/v1/auth/refresh',
          body: { refreshToken: session.refreshToken },
        });
        const next = toSession(res.body);
        this.store.set(next);
        return next;
      } catch (error) {
        if (error instanceof FolioApiError && (error.status === 401 || error.status === 403)) {
          this.signOutLocally();
        }
        throw error;
      }
    });
  }

  private async call<T>(method: string, path: string): Promise<T> {
    if (!this.isSignedIn) throw new FolioAuthError('Not signed in');
    return this.authorized(
      async (credential) => (await this.http.send<T>({ method, path, credential })).body,
    );
  }

  private signOutLocally(): void {
    const wasSignedIn = this.isSignedIn;
    this.apiKey = null;
    this.lastMe = null;
    this.store.set(null);
    if (wasSignedIn) this.emit({ status: 'signed-out' });
  }

  private emit(state: AuthState): void {
    for (const listener of [...this.listeners]) listener(state);
  }

  /** The last `me` this client read (null before the first). */
  get currentMe(): Me | null {
    return this.lastMe;
  }
}

function toSession(tokens: TokenResponse): StoredSession {
  const now = Date.now();
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: now + tokens.expiresIn * 1000,
    issuedAt: now,
  };
}

function needsRefresh(session: StoredSession, now = Date.now()): boolean {
  const lifetime =
    session.issuedAt !== undefined ? session.expiresAt - session.issuedAt : REFRESH_LEAD_MAX_MS * 4;
  const lead = Math.min(REFRESH_LEAD_MAX_MS, lifetime * REFRESH_LEAD_SHARE);
  return session.expiresAt - now <= lead;
}

function isMfaRequired(error: unknown): boolean {
  if (!(error instanceof FolioApiError) || error.status !== 401) return false;
  const details = error.details as { mfaRequired?: unknown } | undefined;
  return details?.mfaRequired === true;
}
