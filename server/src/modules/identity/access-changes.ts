/**
 * Live access changes: after a membership removal, a role change, a role's permissions edited, a
 * session or an API key revoked, the command's route publishes what changed on the bus. Every
 * node hears it and re-authorizes its long-lived connections (collab websockets, socket.io) of
 * that tenant — downgrading or closing them — so a change takes effect on open connections within
 * the bus's delivery time (milliseconds), not at the next handshake.
 *
 * The bus is at-most-once: a message published while Redis was unreachable is gone. Listeners
 * therefore also re-check everything after the bus re-subscribes (`onResubscribe`), and the
 * publishing node applies the change to its own connections whatever Redis says.
 */
import { z } from 'zod';
import type { EventBus, Unsubscribe } from '../../platform/bus/bus.port.js';
import type { Logger } from '../../platform/logging/logger.js';

/** Why access changed; kept in logs and in the close reason's detail. */
export const ACCESS_CHANGE_REASONS = [
  'member_removed',
  'role_changed',
  'role_updated',
  'session_revoked',
  'api_key_revoked',
  'tenant_status',
] as const;
export type AccessChangeReason = (typeof ACCESS_CHANGE_REASONS)[number];

/**
 * What changed. With `userId` only that member's connections are re-checked, with `apiKeyId` only
 * that key's; with neither, every connection of the tenant (a role's permissions changed).
 */
export interface AccessChange {
  readonly tenantId: string;
  readonly userId?: string;
  readonly apiKeyId?: string;
  readonly reason: AccessChangeReason;
}

const accessChangeSchema = z.object({
  tenantId: z.guid(),
  userId: z.guid().optional(),
  apiKeyId: z.guid().optional(),
  reason: z.enum(ACCESS_CHANGE_REASONS),
});

export type AccessChangeListener = (change: AccessChange) => void | Promise<void>;

/** Publishes and delivers access changes over the node's bus (see the file comment). */
export class AccessChanges {
  private readonly local = new Set<AccessChangeListener>();

  constructor(private readonly options: { bus: EventBus; channel: string; logger: Logger }) {}

  /**
   * Announces a committed change. Never rejects: this node's listeners run at once; a failed
   * publish is logged, and other nodes catch up when their bus re-subscribes.
   */
  async publish(change: AccessChange): Promise<void> {
    const { bus, channel, logger } = this.options;
    for (const listener of this.local) this.run(listener, change);
    await bus.publish(channel, change).catch((error: unknown) => {
      logger.warn({ error, ...change }, 'access change not published to other nodes');
    });
  }

  /**
   * Calls `listener` for every change, published here or on another node (each exactly once on
   * this node: the bus echo of this node's own messages is skipped).
   */
  async subscribe(listener: AccessChangeListener): Promise<Unsubscribe> {
    const { bus, channel, logger } = this.options;
    this.local.add(listener);
    const unsubscribe = await bus.subscribe(channel, (message) => {
      if (message.origin === bus.nodeId) return;
      const parsed = accessChangeSchema.safeParse(message.payload);
      if (!parsed.success) {
        logger.warn({ origin: message.origin }, 'dropped malformed access change');
        return;
      }
      return listener(withoutUndefined(parsed.data));
    });
    return async () => {
      this.local.delete(listener);
      await unsubscribe();
    };
  }

  /** After the bus lost and re-established its subscriptions (messages may have been lost). */
  onResubscribe(listener: () => void): () => void {
    return this.options.bus.onResubscribe(listener);
  }

  private run(listener: AccessChangeListener, change: AccessChange): void {
    void Promise.resolve()
      .then(() => listener(change))
      .catch((error: unknown) => {
        this.options.logger.error({ error, ...change }, 'access change listener failed');
      });
  }
}

function withoutUndefined(change: z.infer<typeof accessChangeSchema>): AccessChange {
  return {
    tenantId: change.tenantId,
    reason: change.reason,
    ...(change.userId === undefined ? {} : { userId: change.userId }),
    ...(change.apiKeyId === undefined ? {} : { apiKeyId: change.apiKeyId }),
  };
}
