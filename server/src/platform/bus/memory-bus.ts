import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  HandlerRegistry,
  assertChannel,
  encodeBusMessage,
  type BusHandler,
  type EventBus,
  type Unsubscribe,
} from './bus.port.js';

/**
 * Connects MemoryBus instances in one process as if they were nodes sharing a Redis: the
 * embedded node has a hub of one, fleet tests put several "nodes" on one hub.
 */
export class MemoryBusHub {
  private readonly members = new Set<MemoryBus>();

  join(bus: MemoryBus): void {
    this.members.add(bus);
  }

  leave(bus: MemoryBus): void {
    this.members.delete(bus);
  }

  /** Fans raw out on a later macrotask, as a network round trip would. */
  broadcast(channel: string, raw: string): void {
    const targets = [...this.members];
    setImmediate(() => {
      for (const bus of targets) bus.receive(channel, raw);
    });
  }
}

export interface MemoryBusOptions {
  logger: Logger;
  /** Defaults to a random id. */
  nodeId?: string;
  /** Share one hub between buses that should hear each other; defaults to a private hub. */
  hub?: MemoryBusHub;
  maxMessageBytes?: number;
  /** How long close() waits for running handlers. */
  closeTimeoutMs?: number;
}

/**
 * The in-process EventBus of the embedded node. It keeps the Redis bus's semantics on purpose
 * (JSON round trip, asynchronous delivery, context per message) so code that works here works on
 * a fleet, and tests of the memory bus mean something for the Redis one.
 */
export class MemoryBus implements EventBus {
  readonly nodeId: string;
  private readonly hub: MemoryBusHub;
  private readonly registry: HandlerRegistry;
  private readonly maxMessageBytes: number;
  private readonly closeTimeoutMs: number;
  private isClosed = false;

  constructor(private readonly options: MemoryBusOptions) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.hub = options.hub ?? new MemoryBusHub();
    this.registry = new HandlerRegistry(options.logger.child({ 'folio.bus': 'memory' }));
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.hub.join(this);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    this.assertOpen();
    assertChannel(channel);
    this.hub.broadcast(channel, encodeBusMessage(payload, this.nodeId, this.maxMessageBytes));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    this.assertOpen();
    assertChannel(channel);
    const subscription = this.registry.add(channel, handler);
    return async () => {
      this.registry.remove(subscription);
    };
  }

  /** A memory bus never loses its subscriptions, so listeners are never called. */
  onResubscribe(): () => void {
    return () => undefined;
  }

  /** Called by the hub; each bus decodes its own copy so nodes never share payload objects. */
  receive(channel: string, raw: string): void {
    if (this.isClosed) return;
    this.registry.deliverRaw(channel, raw);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.hub.leave(this);
    this.registry.clear();
    await this.registry.drain(this.closeTimeoutMs);
    this.options.logger.debug({ 'folio.bus': 'memory' }, 'bus closed');
  }

  private assertOpen(): void {
    if (this.isClosed) throw new AppError('shutting_down', 'The event bus is closed');
  }
}
