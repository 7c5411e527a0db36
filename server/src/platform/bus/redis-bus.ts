import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../redis/connection.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  HandlerRegistry,
  assertChannel,
  encodeBusMessage,
  type BusHandler,
  type EventBus,
  type Unsubscribe,
} from './bus.port.js';

export interface RedisBusOptions {
  redis: { url?: string; clusterNodes?: string[] };
  logger: Logger;
  /** Defaults to a random id. */
  nodeId?: string;
  /** Connection name stem: connections are named `folio:<name>:pub` and `folio:<name>:sub`. */
  name?: string;
  maxMessageBytes?: number;
  /** How long close() waits for running handlers. */
  closeTimeoutMs?: number;
}

/**
 * EventBus over Redis pub/sub. One subscriber connection serves every subscription of the node;
 * a channel is SUBSCRIBEd while at least one handler listens and UNSUBSCRIBEd when the last one
 * leaves. On a Redis Cluster it uses sharded pub/sub (SSUBSCRIBE/SPUBLISH), so a room's traffic
 * stays on the shard that owns the room's hash tag instead of being broadcast to every node.
 * ioredis resubscribes after a reconnect (autoResubscribe); the bus then tells onResubscribe
 * listeners, because whatever was published during the gap is lost.
 */
export class RedisBus implements EventBus {
  readonly nodeId: string;
  private readonly logger: Logger;
  private readonly publisher: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly isCluster: boolean;
  private readonly registry: HandlerRegistry;
  private readonly maxMessageBytes: number;
  private readonly closeTimeoutMs: number;
  /** Channels subscribed on the server; changed only inside the per-channel operation chain. */
  private readonly onServer = new Set<string>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly resubscribeListeners = new Set<() => void>();
  private hasBeenReady = false;
  private isClosed = false;

  constructor(options: RedisBusOptions) {
    const name = options.name ?? 'bus';
    this.nodeId = options.nodeId ?? randomUUID();
    this.logger = options.logger.child({ 'folio.bus': 'redis' });
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.registry = new HandlerRegistry(this.logger);
    this.publisher = createRedis({
      ...options.redis,
      purpose: `${name}:pub`,
      logger: options.logger,
      // Fail a publish after a couple of reconnect attempts instead of queueing for minutes:
      // bus messages are ephemeral and the caller should know Redis is unreachable.
      redisOptions: { maxRetriesPerRequest: 2 },
    });
    this.subscriber = createRedis({
      ...options.redis,
      purpose: `${name}:sub`,
      logger: options.logger,
      lazy: true,
      shardedSubscribers: true,
      redisOptions: { autoResubscribe: true },
    });
    this.isCluster = this.subscriber.isCluster;
    this.subscriber.on(this.isCluster ? 'smessage' : 'message', (channel: string, raw: string) => {
      if (!this.isClosed) this.registry.deliverRaw(channel, raw);
    });
    // A standalone subscriber reports 'ready' after every (re)connect; a cluster reports
    // 'subscribersReady' whenever its sharded subscribers were (re)created and resubscribed.
    this.subscriber.on(this.isCluster ? 'subscribersReady' : 'ready', () => this.handleReady());
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    this.assertOpen();
    assertChannel(channel);
    const raw = encodeBusMessage(payload, this.nodeId, this.maxMessageBytes);
    try {
      if (this.isCluster) await this.publisher.spublish(channel, raw);
      else await this.publisher.publish(channel, raw);
    } catch (error) {
      throw new AppError('unavailable', 'Event bus publish failed', { cause: error });
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    this.assertOpen();
    assertChannel(channel);
    const subscription = this.registry.add(channel, handler);
    try {
      await this.reconcile(channel);
    } catch (error) {
      this.registry.remove(subscription);
      this.reconcile(channel).catch((cause: unknown) => this.logUnsubscribeFailure(channel, cause));
      throw new AppError('unavailable', 'Event bus subscribe failed', { cause: error });
    }
    let isDone = false;
    return async () => {
      if (isDone) return;
      isDone = true;
      this.registry.remove(subscription);
      if (this.isClosed) return;
      await this.reconcile(channel).catch((cause: unknown) =>
        this.logUnsubscribeFailure(channel, cause),
      );
    };
  }

  onResubscribe(listener: () => void): () => void {
    this.resubscribeListeners.add(listener);
    return () => this.resubscribeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.registry.clear();
    this.resubscribeListeners.clear();
    await this.registry.drain(this.closeTimeoutMs);
    // Closing the connection drops its subscriptions on the server; no UNSUBSCRIBE round trips.
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  /**
   * Brings the server-side subscription of channel in line with the handler table. Operations
   * on one channel are chained, so a subscribe racing an unsubscribe never ends up inverted.
   */
  private reconcile(channel: string): Promise<void> {
    const previous = this.pending.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const isWanted = this.registry.has(channel) && !this.isClosed;
        if (isWanted && !this.onServer.has(channel)) {
          if (this.isCluster) await this.subscriber.ssubscribe(channel);
          else await this.subscriber.subscribe(channel);
          this.onServer.add(channel);
        } else if (!isWanted && this.onServer.has(channel)) {
          this.onServer.delete(channel);
          if (this.isCluster) await this.subscriber.sunsubscribe(channel);
          else await this.subscriber.unsubscribe(channel);
        }
      });
    this.pending.set(channel, next);
    const forget = () => {
      if (this.pending.get(channel) === next) this.pending.delete(channel);
    };
    next.then(forget, forget);
    return next;
  }

  private handleReady(): void {
    if (!this.hasBeenReady) {
      this.hasBeenReady = true;
      return;
    }
    const channels = [...this.onServer];
    // On a standalone Redis, subscribing again is idempotent and its reply arrives after the
    // ones of ioredis's own resubscription: a barrier proving the subscriptions are back. The
    // cluster's subscriber group tracks channels in a list, so repeating would duplicate them.
    const barrier =
      this.isCluster || channels.length === 0
        ? Promise.resolve()
        : this.subscriber.subscribe(...channels);
    barrier.then(
      () => {
        if (this.isClosed) return;
        this.logger.info({ channels: channels.length }, 'bus resubscribed after reconnect');
        for (const listener of [...this.resubscribeListeners]) {
          try {
            listener();
          } catch (error) {
            this.logger.error({ error }, 'bus resubscribe listener failed');
          }
        }
      },
      (error: unknown) =>
        this.logger.warn({ error }, 'bus resubscription failed; waiting for the next reconnect'),
    );
  }

  private logUnsubscribeFailure(channel: string, error: unknown): void {
    // The server may keep delivering to this connection; with no handler left it is ignored.
    this.logger.warn({ error, 'folio.bus.channel': channel }, 'bus unsubscribe failed');
  }

  private assertOpen(): void {
    if (this.isClosed) throw new AppError('shutting_down', 'The event bus is closed');
  }
}
