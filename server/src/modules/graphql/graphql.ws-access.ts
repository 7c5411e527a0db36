/**
 * Live access for graphql-ws connections, as for collab and socket.io: every authenticated
 * connection is tracked by identity, and an access change (member removed, role changed, session
 * ended, key revoked, tenant suspended) re-checks it. A revoked connection closes with the error's
 * close code (4401/4403, 1013 in maintenance), which graphql-ws clients treat as final. A kept one
 * whose permissions changed closes with 1012 (service restart), which graphql-ws clients retry:
 * its running subscriptions were authorized with the old permissions, so the client reconnects
 * and subscribes again under the new ones. (graphql-ws itself treats 4409 as fatal.)
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../platform/logging/logger.js';
import type { Principal } from '../access/index.js';
import {
  identityOf,
  LiveAccessRegistry,
  type AccessChanges,
  type AccessDecision,
  type Authenticator,
} from '../identity/index.js';

/** Close code for "your permissions changed: reconnect" (docs/api-graphql.md). */
export const PERMISSIONS_CHANGED_CLOSE = 1012;

/** One tracked graphql-ws connection. */
export interface TrackedSocket {
  readonly socket: WebSocket;
  /** The principal its operations run as; replaced by a re-check. */
  principal: Principal;
}

/** What the access tracking needs. */
export interface GraphqlWsAccessDeps {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly accessChanges?: AccessChanges;
  /** Re-checks every connection this often too (expired sessions, lost messages). */
  readonly accessRecheckMs?: number;
  readonly tenantGate?: (tenantId: string, principal: Principal) => Promise<void>;
}

/** Tracks graphql-ws connections for live access; `track` returns the untrack function. */
export class GraphqlWsAccess {
  private readonly registry: LiveAccessRegistry<TrackedSocket>;
  private readonly stops: (() => void)[] = [];
  private readonly subscription: ReturnType<AccessChanges['subscribe']> | null = null;

  constructor(deps: GraphqlWsAccessDeps) {
    this.registry = new LiveAccessRegistry<TrackedSocket>({
      authenticator: deps.authenticator,
      logger: deps.logger,
      apply: (target, decision) => applyDecision(target, decision),
      ...(deps.tenantGate ? { tenantGate: deps.tenantGate } : {}),
    });
    if (deps.accessChanges) {
      this.subscription = deps.accessChanges.subscribe((change) => this.registry.handle(change));
      this.stops.push(deps.accessChanges.onResubscribe(() => void this.registry.recheckAll()));
    }
    if (deps.accessRecheckMs) this.stops.push(this.registry.recheckEvery(deps.accessRecheckMs));
  }

  /** Starts tracking an authenticated connection. */
  track(target: TrackedSocket): () => void {
    return this.registry.track(identityOf(target.principal), target);
  }

  /** Connections tracked now (tests, metrics). */
  get size(): number {
    return this.registry.size;
  }

  /** Stops listening for access changes. */
  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
    const unsubscribe = await this.subscription;
    await unsubscribe?.();
  }
}

function applyDecision(target: TrackedSocket, decision: AccessDecision): void {
  if (decision.kind === 'revoke') {
    target.socket.close(
      decision.error.closeCode,
      `access revoked: ${decision.reason}`.slice(0, 120),
    );
    return;
  }
  const before = [...target.principal.permissions].sort().join(',');
  const after = [...decision.principal.permissions].sort().join(',');
  target.principal = decision.principal;
  if (before !== after) {
    target.socket.close(PERMISSIONS_CHANGED_CLOSE, 'permissions changed: reconnect');
  }
}
