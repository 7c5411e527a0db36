/**
 * The long-lived connections of this node (collab websockets, socket.io sockets) by tenant and
 * identity, so an access change (access-changes.ts) re-checks exactly the affected ones: each
 * identity once against the database, then every connection of it gets the decision — keep, with
 * the principal's current permissions (the adapter downgrades or upgrades), or revoke.
 */
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { Principal } from '../access/index.js';
import type { AccessChange } from './access-changes.js';
import type { Authenticator, PrincipalIdentity } from './authenticator.js';

/** What a re-check decided for one connection. */
export type AccessDecision =
  | { readonly kind: 'keep'; readonly principal: Principal }
  | {
      readonly kind: 'revoke';
      readonly reason: string;
      /** Why, as an error: `unauthenticated` (access ended), `forbidden`, `unavailable` (maintenance). */
      readonly error: AppError;
    };

/** Errors that mean "this connection may not stay"; anything else is a failed check. */
const REFUSALS: ReadonlySet<string> = new Set(['unauthenticated', 'forbidden', 'unavailable']);

/** Identities re-checked at once; a tenant-wide change must not open a connection per member. */
const RECHECK_CONCURRENCY = 8;

/** One tracked connection: what `add` returns and `remove` takes back. */
export interface TrackedConnection<T> {
  readonly identity: PrincipalIdentity;
  readonly target: T;
}

/** See the file comment. `T` is whatever the adapter needs to act on one connection. */
export class LiveAccessRegistry<T> {
  private readonly byTenant = new Map<string, Set<TrackedConnection<T>>>();
  /** Decisions applied so far, by kind (one per connection), for metrics and tests. */
  readonly applied = { keep: 0, revoke: 0 };

  constructor(
    private readonly options: {
      authenticator: Pick<Authenticator, 'reauthorize'>;
      logger: Logger;
      /** Applies a decision to one connection (set its permission, or close it). */
      apply(target: T, decision: AccessDecision): void;
      /**
       * Checks the tenant is still open to the principal (not suspended, not in maintenance),
       * read fresh rather than from a cache another node may not have invalidated yet.
       */
      tenantGate?: (tenantId: string, principal: Principal) => Promise<void>;
    },
  ) {}

  /**
   * Re-checks every connection every `intervalMs` as well: catches sessions that expired and
   * any change whose message was lost. Returns the function that stops it.
   */
  recheckEvery(intervalMs: number): () => void {
    const timer = setInterval(() => void this.recheckAll(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Connections tracked, for metrics and tests. */
  get size(): number {
    let count = 0;
    for (const set of this.byTenant.values()) count += set.size;
    return count;
  }

  /**
   * Tracks a connection until `remove` is called with the returned entry (when it closes). The
   * entry is the only per-connection object: a node tracks thousands of mostly idle connections.
   */
  add(identity: PrincipalIdentity, target: T): TrackedConnection<T> {
    const tracked: TrackedConnection<T> = { identity, target };
    let set = this.byTenant.get(identity.tenantId);
    if (set === undefined) {
      set = new Set<TrackedConnection<T>>();
      this.byTenant.set(identity.tenantId, set);
    }
    set.add(tracked);
    return tracked;
  }

  /** Stops tracking an entry `add` returned; idempotent. */
  remove(tracked: TrackedConnection<T>): void {
    const { tenantId } = tracked.identity;
    const set = this.byTenant.get(tenantId);
    if (set === undefined || !set.delete(tracked)) return;
    if (set.size === 0) this.byTenant.delete(tenantId);
  }

  /** Tracks a connection until the returned function is called (when it closes). */
  track(identity: PrincipalIdentity, target: T): () => void {
    const tracked = this.add(identity, target);
    return () => this.remove(tracked);
  }

  /** Re-checks the connections a change affects. */
  handle(change: AccessChange): Promise<void> {
    const set = this.byTenant.get(change.tenantId);
    if (!set) return Promise.resolve();
    const affected = [...set].filter(
      ({ identity }) =>
        (change.userId === undefined && change.apiKeyId === undefined) ||
        (identity.kind === 'member' && identity.userId === change.userId) ||
        (identity.kind === 'apiKey' && identity.apiKeyId === change.apiKeyId),
    );
    return this.recheck(affected);
  }

  /** Re-checks every connection (after the bus may have lost changes). */
  recheckAll(): Promise<void> {
    return this.recheck([...this.byTenant.values()].flatMap((set) => [...set]));
  }

  private async recheck(connections: TrackedConnection<T>[]): Promise<void> {
    const groups = new Map<string, TrackedConnection<T>[]>();
    for (const connection of connections) {
      const key = identityKey(connection.identity);
      const group = groups.get(key);
      if (group) group.push(connection);
      else groups.set(key, [connection]);
    }
    const queue = [...groups.values()];
    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group; group = queue.shift()) await this.decide(group);
    };
    await Promise.all(Array.from({ length: Math.min(RECHECK_CONCURRENCY, queue.length) }, worker));
  }

  private async decide(group: TrackedConnection<T>[]): Promise<void> {
    const { identity } = group[0]!;
    let decision: AccessDecision;
    try {
      const principal = await this.options.authenticator.reauthorize(identity);
      await this.options.tenantGate?.(identity.tenantId, principal);
      decision = { kind: 'keep', principal };
    } catch (error) {
      if (!(error instanceof AppError) || !REFUSALS.has(error.code)) {
        // The database is unreachable, say: keep the connections as they are rather than drop
        // everyone; the next change or resubscribe checks again.
        this.options.logger.error({ error, tenantId: identity.tenantId }, 'access re-check failed');
        return;
      }
      const reason = (error.details as { reason?: unknown } | undefined)?.reason;
      decision = {
        kind: 'revoke',
        reason: typeof reason === 'string' ? reason : error.message,
        error,
      };
    }
    for (const { target } of group) {
      try {
        this.options.apply(target, decision);
        this.applied[decision.kind] += 1;
      } catch (error) {
        this.options.logger.error({ error }, 'applying an access decision failed');
      }
    }
  }
}

function identityKey(identity: PrincipalIdentity): string {
  return identity.kind === 'member'
    ? `m:${identity.userId}:${identity.sessionId ?? ''}`
    : `k:${identity.apiKeyId}`;
}
