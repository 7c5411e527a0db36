/**
 * In-band token refresh (the `token-refresh` extension): once the server announced it accepts
 * refreshes on this connection (its `accepted` message on join), a fresh token is sent before
 * the current one expires, so the connection — and the edits in flight on it — never drop for an
 * expired token. A server that never announces it gets no refresh messages (it would close with
 * 4400); such a connection is renewed by reconnecting with a fresh token instead.
 */
import { readTokenClaims } from './token.js';
import type { DocumentSessionOptions, WebSocketLike } from './types.js';
import { encodeTokenRefresh } from './wire.js';

const MAX_LEAD_MS = 60_000;
const RETRY_MS = 5_000;

/** Schedules and sends refreshes for the session's current connection. */
export class TokenRefresher {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private token: string | null = null;
  private expiresAt: number | null = null;
  private isAnnounced = false;
  private isStopped = false;

  constructor(
    private readonly options: Pick<DocumentSessionOptions, 'getToken' | 'refreshLeadMs'>,
    private readonly currentSocket: () => { readonly ws: WebSocketLike } | null,
  ) {}

  /** A new connection opened with `token`; refreshes wait for the server's announcement. */
  connected(token: string): void {
    this.clear();
    this.token = token;
    this.expiresAt = readTokenClaims(token).expiresAt;
    this.isAnnounced = false;
  }

  /** The server accepted the connection's token (on join or after a refresh). */
  accepted(expiresAt: number | null): void {
    this.clear();
    this.isAnnounced = true;
    if (expiresAt !== null) this.expiresAt = expiresAt;
    if (this.expiresAt === null || this.isStopped) return;
    const remaining = this.expiresAt - Date.now();
    const lead = this.options.refreshLeadMs ?? Math.min(MAX_LEAD_MS, remaining / 4);
    this.timer = setTimeout(() => void this.refresh(), Math.max(0, remaining - lead));
  }

  /** The connection closed: nothing to refresh until the next one is accepted. */
  disconnected(): void {
    this.clear();
    this.isAnnounced = false;
  }

  /** The session is destroyed. */
  stop(): void {
    this.isStopped = true;
    this.clear();
  }

  private async refresh(): Promise<void> {
    this.timer = null;
    const link = this.currentSocket();
    if (link === null || !this.isAnnounced || this.isStopped) return;
    try {
      let token = await this.options.getToken();
      const expiresAt = readTokenClaims(token).expiresAt;
      if (token === this.token || (expiresAt !== null && expiresAt <= (this.expiresAt ?? 0))) {
        token = await this.options.getToken({ forceRefresh: true });
      }
      if (this.currentSocket() !== link || !this.isAnnounced || this.isStopped) return;
      this.token = token;
      link.ws.send(encodeTokenRefresh(token));
    } catch {
      // Offline or signed out for now: try again; at expiry the server closes with 4401 and the
      // session reconnects with a fresh token.
    }
    if (this.currentSocket() === link && !this.isStopped) {
      this.timer = setTimeout(() => void this.refresh(), RETRY_MS);
    }
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
