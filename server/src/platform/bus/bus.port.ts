import { z } from 'zod';
import {
  captureContext,
  runWithContext,
  type ContextEnvelope,
  type RequestContext,
} from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';

/** One message as handlers see it: the payload plus where, when and on whose behalf it was sent. */
export interface BusMessage<T = unknown> {
  channel: string;
  payload: T;
  /** The publisher's context; the handler runs inside it. */
  context: ContextEnvelope;
  /** Epoch milliseconds at the publisher. */
  publishedAt: number;
  /** Node id of the publisher, so a node can recognise (and skip) its own messages. */
  origin: string;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

/** Ends one subscription; calling it again is harmless. */
export type Unsubscribe = () => Promise<void>;

/**
 * Cross-node fan-out of small JSON messages: at-most-once, fire-and-forget, delivered to every
 * subscriber of the channel on every node, the publishing node included. Delivery is always
 * asynchronous (never inside publish). Durable work belongs in the job queue or the outbox.
 */
export interface EventBus {
  /** This node's id, stamped as `origin` on everything it publishes. */
  readonly nodeId: string;
  /** Sends a JSON-serialisable payload to every subscriber of channel. */
  publish(channel: string, payload: unknown): Promise<void>;
  /** Resolves once messages published afterwards will reach handler. */
  subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe>;
  /**
   * Called after the bus re-established its subscriptions following a lost connection. Messages
   * published meanwhile are gone, so listeners resynchronise from storage or peers.
   */
  onResubscribe(listener: () => void): () => void;
  /** Stops delivery, waits (bounded) for running handlers and closes connections. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The serialisable request context, validated wherever it crosses a process boundary. */
export const contextEnvelopeSchema = z.object({
  requestId: z.string().min(1),
  traceId: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  actor: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('anonymous') }),
    z.object({ kind: z.literal('user'), userId: z.string() }),
    z.object({ kind: z.literal('apiKey'), apiKeyId: z.string() }),
    z.object({ kind: z.literal('system'), reason: z.string() }),
  ]),
});

/** Turns an envelope back into a context to run in (dropping anything not part of the envelope). */
export function contextFromEnvelope(envelope: ContextEnvelope): RequestContext {
  return {
    requestId: envelope.requestId,
    traceId: envelope.traceId,
    actor: envelope.actor,
    ...(envelope.tenantId === undefined ? {} : { tenantId: envelope.tenantId }),
  };
}

const wireSchema = z.object({
  v: z.literal(1),
  payload: z.json(),
  context: contextEnvelopeSchema,
  publishedAt: z.number().finite(),
  origin: z.string().min(1),
});

/** Checks a channel name; channels are built with the keyspace, so anything odd is a bug. */
export function assertChannel(channel: string): void {
  if (typeof channel !== 'string' || channel.length === 0 || channel.length > 1024) {
    throw new AppError(
      'bad_request',
      'Bus channel must be a non-empty string of at most 1024 characters',
    );
  }
}

/** Serialises a message with the current context; refuses payloads JSON cannot carry faithfully. */
export function encodeBusMessage(payload: unknown, origin: string, maxBytes: number): string {
  if (payload === undefined || typeof payload === 'function' || typeof payload === 'symbol') {
    throw new TypeError('Bus payload must be JSON-serialisable');
  }
  const raw = JSON.stringify({
    v: 1,
    payload,
    context: captureContext(),
    publishedAt: Date.now(),
    origin,
  });
  if (Buffer.byteLength(raw) > maxBytes) {
    throw new AppError('payload_too_large', `Bus message exceeds ${maxBytes} bytes`);
  }
  return raw;
}

export type DecodeResult = { ok: true; message: BusMessage } | { ok: false; reason: string };

/** Parses and validates a raw message; malformed input is reported, never thrown. */
export function decodeBusMessage(channel: string, raw: string): DecodeResult {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = wireSchema.safeParse(data);
  // z.json() refuses undefined, so a message without a payload key is malformed too.
  if (!parsed.success) return { ok: false, reason: z.prettifyError(parsed.error) };
  const { payload, context, publishedAt, origin } = parsed.data;
  return {
    ok: true,
    message: { channel, payload, context: context, publishedAt, origin },
  };
}

interface Subscription {
  channel: string;
  handler: BusHandler;
  isActive: boolean;
}

/**
 * The handler table both bus adapters share: refcounted channels, context-scoped delivery with
 * per-handler error isolation, and tracking of running handlers so close() can wait for them.
 */
export class HandlerRegistry {
  private readonly byChannel = new Map<string, Set<Subscription>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a handler; returns a token for remove(). */
  add(channel: string, handler: BusHandler): Subscription {
    const subscription: Subscription = { channel, handler, isActive: true };
    const set = this.byChannel.get(channel) ?? new Set<Subscription>();
    set.add(subscription);
    this.byChannel.set(channel, set);
    return subscription;
  }

  /** Removes a handler; it receives nothing from now on, even messages already in flight. */
  remove(subscription: Subscription): void {
    subscription.isActive = false;
    const set = this.byChannel.get(subscription.channel);
    if (!set) return;
    set.delete(subscription);
    if (set.size === 0) this.byChannel.delete(subscription.channel);
  }

  /** Whether anyone on this node listens to channel. */
  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  clear(): void {
    for (const set of this.byChannel.values()) for (const s of set) s.isActive = false;
    this.byChannel.clear();
  }

  /** Decodes raw and runs every current handler of channel inside the message's context. */
  deliverRaw(channel: string, raw: string): void {
    const set = this.byChannel.get(channel);
    if (!set) return;
    const decoded = decodeBusMessage(channel, raw);
    if (!decoded.ok) {
      this.logger.warn(
        { 'folio.bus.channel': channel, reason: decoded.reason },
        'dropped malformed bus message',
      );
      return;
    }
    for (const subscription of [...set]) this.run(subscription, decoded.message);
  }

  private run(subscription: Subscription, message: BusMessage): void {
    if (!subscription.isActive) return;
    runWithContext(contextFromEnvelope(message.context), () => {
      const fail = (error: unknown) =>
        this.logger.error({ error, 'folio.bus.channel': message.channel }, 'bus handler failed');
      try {
        const result = subscription.handler(message);
        if (result !== undefined && typeof result.then === 'function') {
          const tracked: Promise<void> = Promise.resolve(result)
            .catch(fail)
            .finally(() => this.running.delete(tracked));
          this.running.add(tracked);
        }
      } catch (error) {
        fail(error);
      }
    });
  }

  /** Waits for running handlers, at most timeoutMs. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
  }
}
