/**
 * RoomPeers on Redis: one channel per room (`<prefix>:{r:<roomKey>}:peers`, so on a Redis Cluster
 * the channel lives in the room's slot), plain pub/sub on a single Redis and sharded pub/sub
 * (SSUBSCRIBE/SPUBLISH) on a cluster. A node subscribes only while it holds the room. Messages are
 * the room core's binary peer messages, carried as Buffers. After the subscriber reconnects
 * (ioredis resubscribes by itself) every room is told to resynchronise, since whatever was
 * published meanwhile is lost (SPEC.md R36).
 */
import type { Logger } from '../../../platform/logging/logger.js';
import {
  closeRedis,
  createRedis,
  type CreateRedisOptions,
  type RedisClient,
} from '../../../platform/redis/connection.js';
import type { Keyspace } from '../../../platform/redis/keys.js';
import type { PeerChannel, PeerListener, RoomPeers } from '../room/index.js';

export interface RedisRoomPeersOptions {
  readonly redis: Pick<CreateRedisOptions, 'url' | 'clusterNodes'>;
  readonly keyspace: Keyspace;
  readonly logger: Logger;
}

/** The fleet transport of the collab engine; see the file comment. */
export class RedisRoomPeers implements RoomPeers {
  private readonly publisher: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly isCluster: boolean;
  private readonly listeners = new Map<string, Set<PeerListener>>();
  /** Per channel, the chain of (un)subscribe operations, so they never overtake each other. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly subscribed = new Set<string>();
  private hasBeenReady = false;
  /** A publish failed since the publisher last connected: peers may lack those messages. */
  private hasLostPublishes = false;
  private lastPublishWarning = 0;
  private isClosed = false;

  constructor(private readonly options: RedisRoomPeersOptions) {
    const { redis, logger } = options;
    this.publisher = createRedis({
      ...redis,
      purpose: 'collab-peers:pub',
      logger,
      // Fail fast while Redis is away: a lost peer message is healed by a resync (R36).
      redisOptions: { maxRetriesPerRequest: 2 },
    });
    this.subscriber = createRedis({
      ...redis,
      purpose: 'collab-peers:sub',
      logger,
      shardedSubscribers: true,
      redisOptions: { autoResubscribe: true },
    });
    this.isCluster = this.subscriber.isCluster;
    const onMessage = (channel: Buffer, message: Buffer) => this.deliver(channel, message);
    this.subscriber.on(this.isCluster ? 'smessageBuffer' : 'messageBuffer', onMessage);
    this.subscriber.on(this.isCluster ? 'subscribersReady' : 'ready', () => this.onReady());
    // A publish can fail while the subscriber stays connected: heal it when the publisher is back.
    this.publisher.on('ready', () => {
      if (!this.hasLostPublishes) return;
      this.hasLostPublishes = false;
      this.resyncAll();
    });
  }

  async join(roomKey: string, listener: PeerListener): Promise<PeerChannel> {
    if (this.isClosed) throw new Error('room peers closed');
    const channel = this.options.keyspace.room(roomKey, 'peers');
    const set = this.listeners.get(channel) ?? new Set<PeerListener>();
    set.add(listener);
    this.listeners.set(channel, set);
    try {
      await this.reconcile(channel);
    } catch (error) {
      this.remove(channel, listener);
      throw error;
    }
    let hasLeft = false;
    return {
      publish: (data) => this.publish(channel, data),
      leave: async () => {
        if (hasLeft) return;
        hasLeft = true;
        this.remove(channel, listener);
        await this.reconcile(channel).catch((error: unknown) => {
          this.options.logger.warn({ error, channel }, 'peer channel unsubscribe failed');
        });
      },
    };
  }

  /** Closes both connections (which drops their subscriptions on the server). */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.listeners.clear();
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  private async publish(channel: string, data: Uint8Array): Promise<number | null> {
    if (this.isClosed) return null;
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    try {
      const receivers = this.isCluster
        ? await this.publisher.spublish(channel, bytes)
        : await this.publisher.publish(channel, bytes);
      // Our own subscriber is one of the receivers.
      return Math.max(0, Number(receivers) - (this.subscribed.has(channel) ? 1 : 0));
    } catch (error) {
      this.hasLostPublishes = true;
      const now = Date.now();
      if (now - this.lastPublishWarning > 10_000) {
        this.lastPublishWarning = now;
        this.options.logger.warn({ error, channel }, 'peer publish failed; peers resync later');
      }
      return null;
    }
  }

  private deliver(channel: Buffer, message: Buffer): void {
    const listeners = this.listeners.get(channel.toString());
    if (listeners === undefined) return;
    const data = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    for (const listener of listeners) listener.message(data);
  }

  /** After every reconnect but the first connect: messages may have been lost (R36). */
  private onReady(): void {
    if (!this.hasBeenReady) {
      this.hasBeenReady = true;
      return;
    }
    this.resyncAll();
    for (const channel of this.subscribed) {
      if (this.listeners.has(channel)) continue;
      this.reconcile(channel).catch((error: unknown) => {
        this.options.logger.warn({ error, channel }, 'peer channel unsubscribe failed again');
      });
    }
  }

  private resyncAll(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.resync();
  }

  private remove(channel: string, listener: PeerListener): void {
    const set = this.listeners.get(channel);
    set?.delete(listener);
    if (set?.size === 0) this.listeners.delete(channel);
  }

  /** Brings the server-side subscription of `channel` in line with its listeners, in order. */
  private reconcile(channel: string): Promise<void> {
    const previous = this.chains.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const isWanted = (this.listeners.get(channel)?.size ?? 0) > 0 && !this.isClosed;
        if (isWanted && !this.subscribed.has(channel)) {
          if (this.isCluster) await this.subscriber.ssubscribe(channel);
          else await this.subscriber.subscribe(channel);
          this.subscribed.add(channel);
        } else if (!isWanted && this.subscribed.has(channel)) {
          // Forgotten only once Redis confirmed it: an unsubscribe that failed (Redis away for
          // longer than the retries) leaves the channel here, and the next reconnect retries it,
          // so no node stays a silent subscriber that peers would wait for.
          if (this.isCluster) await this.subscriber.sunsubscribe(channel);
          else await this.subscriber.unsubscribe(channel);
          this.subscribed.delete(channel);
        }
      });
    this.chains.set(channel, next);
    const forget = () => {
      if (this.chains.get(channel) === next) this.chains.delete(channel);
    };
    next.then(forget, forget);
    return next;
  }
}
