/**
 * Live events over socket.io (path `/live`): the tenant's domain events (`workflow.transitioned`,
 * `comment.added`, `version.created`, …), presence and access changes. Each (re)connect
 * authenticates with a fresh access token.
 */
import { io, type Socket } from 'socket.io-client';
import type { FolioAuth } from '../auth/auth.js';
import { FolioApiError } from '../errors.js';
import type { HttpTransport } from '../http.js';

/** A delivered domain event (docs/architecture.md, "Domain events"). */
export interface LiveEvent<P = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly tenantId: string;
  readonly documentId: string | null;
  readonly target: { readonly type: string; readonly id: string };
  /** `user` / `apiKey` / `system` / `anonymous` (id null for anonymous). */
  readonly actor: { readonly type: string; readonly id: string | null };
  readonly occurredAt: string;
  readonly payload: P;
}

/** Who is in a document, as `presence` events and `watchDocument` report it. */
export interface PresenceUpdate {
  readonly documentId: string;
  readonly users: readonly {
    readonly userId: string;
    readonly displayName: string;
    /** `edit` when any of the user's connections edits. */
    readonly mode: 'edit' | 'view';
    readonly connections: number;
  }[];
}

/** How long a request waits for the server's acknowledgement. */
const ACK_TIMEOUT_MS = 10_000;

type Ack = { ok: true } & Record<string, unknown>;
type Nack = { ok: false; error: { code: string; message: string; details?: unknown } };

/** The live connection of one client. */
export class LiveChannel {
  private readonly socket: Socket;
  private readonly watched = new Map<string, 'edit' | 'view'>();
  private readonly rejoinFailures = new Set<(documentId: string, error: unknown) => void>();

  constructor(http: HttpTransport, auth: FolioAuth) {
    this.socket = io(http.baseUrl, {
      path: '/live',
      transports: ['websocket'],
      // One connection per client: two clients of one origin may be different users.
      forceNew: true,
      auth: (cb) => {
        auth.getAccessToken().then(
          (token) => cb({ token }),
          () => cb({}),
        );
      },
    });
    // Rooms do not survive a reconnect (another node, a restart): join them again.
    this.socket.on('connect', () => void this.rejoin());
  }

  /** Whether the socket is connected now. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /** Calls `handler` for every event named `event`; returns the unsubscribe function. */
  on<T = LiveEvent>(event: string, handler: (payload: T) => void): () => void {
    this.socket.on(event, handler as (payload: unknown) => void);
    return () => {
      this.socket.off(event, handler as (payload: unknown) => void);
    };
  }

  /** Resolves once connected and authenticated (`ready`); rejects with the refusal. */
  ready(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      const onConnect = () => {
        done();
        resolve();
      };
      const onError = (error: Error) => {
        done();
        reject(error);
      };
      this.socket.on('connect', onConnect);
      this.socket.on('connect_error', onError);
    });
  }

  /**
   * Joins a document's room (its events and `presence` updates, and this user shown in its
   * presence); returns the leave function. Rejoined automatically after a reconnect.
   */
  async watchDocument(documentId: string, mode: 'edit' | 'view' = 'view'): Promise<() => void> {
    await this.ready();
    await this.request('document:join', { documentId, mode });
    this.watched.set(documentId, mode);
    return () => {
      this.watched.delete(documentId);
      this.socket.emit('document:leave', { documentId }, () => undefined);
    };
  }

  /** Who is in a watched document now (from every server node). */
  async presence(documentId: string): Promise<PresenceUpdate> {
    await this.ready();
    return this.request<PresenceUpdate>('document:presence', { documentId });
  }

  /** Called when a watched document could not be rejoined after a reconnect; returns the unsubscribe. */
  onRejoinFailed(listener: (documentId: string, error: unknown) => void): () => void {
    this.rejoinFailures.add(listener);
    return () => this.rejoinFailures.delete(listener);
  }

  /** Disconnects for good. */
  close(): void {
    this.watched.clear();
    this.socket.disconnect();
  }

  private async rejoin(): Promise<void> {
    for (const [documentId, mode] of this.watched) {
      try {
        await this.request('document:join', { documentId, mode });
      } catch (error) {
        // Deleted or no longer readable meanwhile: stop watching it, tell the listeners.
        this.watched.delete(documentId);
        for (const listener of [...this.rejoinFailures]) listener(documentId, error);
      }
    }
  }

  private async request<T = Record<string, unknown>>(event: string, payload: unknown): Promise<T> {
    const reply = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as
      Ack | Nack;
    if (!reply.ok) {
      const { error } = reply;
      throw new FolioApiError(0, error.code, error.message, error.details, reply);
    }
    return reply as unknown as T;
  }
}
