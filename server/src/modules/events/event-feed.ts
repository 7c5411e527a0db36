/**
 * Delivered events on every node. The outbox delivers each event once, on one node; this feed
 * republishes it on the bus (Redis pub/sub in a fleet, in-process when embedded) so listeners
 * on every node hear it — GraphQL subscriptions, cache invalidation, anything that must react
 * wherever its clients are connected.
 */
import type { EventBus, Unsubscribe } from '../../platform/bus/bus.port.js';
import type { Logger } from '../../platform/logging/logger.js';
import { toEnvelope, type LiveEventEnvelope } from './delivery-handlers.js';
import type { OutboxHandler } from './outbox-dispatcher.js';

export type EventListener = (event: LiveEventEnvelope) => void;

export interface EventFeedOptions {
  readonly bus: EventBus;
  /** The bus channel, from the keyspace (`keyspace.global('events', 'delivered')`). */
  readonly channel: string;
  readonly logger: Logger;
}

/** See the file comment. */
export class EventFeed {
  private readonly listeners = new Set<EventListener>();
  private unsubscribe: Unsubscribe | null = null;

  constructor(private readonly options: EventFeedOptions) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.options.bus.subscribe(this.options.channel, (message) => {
      this.dispatch(message.payload as LiveEventEnvelope);
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Hears every delivered event of every tenant (filter by `tenantId`!); returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The outbox handler that republishes each delivered event on the bus. */
  publisher(): OutboxHandler {
    return {
      name: 'event-feed',
      afterCommit: (event) => {
        const envelope = toEnvelope(event);
        this.options.bus.publish(this.options.channel, envelope).catch((error: unknown) => {
          this.options.logger.warn({ error, eventId: event.id }, 'event feed publish failed');
        });
      },
    };
  }

  private dispatch(event: LiveEventEnvelope): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error({ error, eventId: event.id }, 'event feed listener failed');
      }
    }
  }
}
