import type { EntityManager } from 'typeorm';

/** A session as issued to a client: what signup and invitation acceptance hand back. */
export interface StartedSession {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  sessionId: string;
}

/**
 * What tenancy needs from identity's SessionIssuer: starting a session inside the caller's
 * transaction, so that a failed onboarding or acceptance leaves no session row behind either.
 */
export interface SessionStarter {
  createSession(
    tx: EntityManager,
    input: { tenantId: string; userId: string; ip?: string | null; userAgent?: string | null },
  ): Promise<StartedSession>;
}

/** Where a request came from, recorded on the session it starts. */
export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}
