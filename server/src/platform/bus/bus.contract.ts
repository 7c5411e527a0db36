/**
 * The EventBus contract, run against every adapter: the memory bus in a unit spec, the Redis bus
 * (standalone and cluster) in integration tests. An adapter passes when it behaves identically.
 */
import { currentContext, newContext, runWithContext, type RequestContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { createCapturingLogger } from '../../test/capturing-logger.js';
import { waitUntil } from '../../test/wait.js';
import type { BusMessage, EventBus } from './bus.port.js';

/** Two connected nodes' buses plus a channel factory unique to the test run. */
export interface BusFixture {
  a: EventBus;
  b: EventBus;
  channel(name: string): string;
  close(): Promise<void>;
}

/** Runs the contract suite against the buses setup() builds. */
export function describeEventBusContract(
  name: string,
  setup: (logger: Logger) => Promise<BusFixture>,
): void {
  describe(`${name} — EventBus contract`, () => {
    let fx: BusFixture;
    let lines: Record<string, unknown>[];

    beforeEach(async () => {
      const capture = createCapturingLogger();
      lines = capture.lines;
      fx = await setup(capture.logger);
    });

    afterEach(async () => {
      await fx.close();
    });

    it('delivers to every subscriber on every node, the publishing node included', async () => {
      const channel = fx.channel('fanout');
      const got: { who: string; message: BusMessage }[] = [];
      await fx.a.subscribe(channel, (message) => void got.push({ who: 'a1', message }));
      await fx.a.subscribe(channel, (message) => void got.push({ who: 'a2', message }));
      await fx.b.subscribe(channel, (message) => void got.push({ who: 'b1', message }));
      const before = Date.now();
      await fx.a.publish(channel, { hello: 'world', n: [1, 2] });
      await waitUntil(() => got.length === 3, 'three deliveries');
      expect(got.map((g) => g.who).sort()).toEqual(['a1', 'a2', 'b1']);
      for (const { message } of got) {
        expect(message.channel).toBe(channel);
        expect(message.payload).toEqual({ hello: 'world', n: [1, 2] });
        expect(message.origin).toBe(fx.a.nodeId);
        expect(message.publishedAt).toBeGreaterThanOrEqual(before);
      }
      expect(fx.a.nodeId).not.toBe(fx.b.nodeId);
    });

    it('keeps channels apart and preserves publish order within one', async () => {
      const [one, two] = [fx.channel('one'), fx.channel('two')];
      const got: unknown[] = [];
      await fx.b.subscribe(one, (message) => void got.push(message.payload));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => fx.a.publish(i % 5 === 0 ? two : one, i)),
      );
      await waitUntil(() => got.length === 16, 'sixteen deliveries');
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 5 !== 0));
    });

    it('delivers asynchronously, never inside publish', async () => {
      const channel = fx.channel('async');
      let isDelivered = false;
      await fx.a.subscribe(channel, () => {
        isDelivered = true;
      });
      const publishing = fx.a.publish(channel, 'x');
      expect(isDelivered).toBe(false);
      await publishing;
      await waitUntil(() => isDelivered, 'the delivery');
    });

    it('stops delivering to a handler once it unsubscribed, and only to it', async () => {
      const channel = fx.channel('unsubscribe');
      const got: string[] = [];
      const unsubscribe = await fx.b.subscribe(channel, () => void got.push('gone'));
      await fx.b.subscribe(channel, () => void got.push('stays'));
      await unsubscribe();
      await unsubscribe();
      await fx.a.publish(channel, 1);
      await waitUntil(() => got.includes('stays'), 'the remaining handler');
      expect(got).toEqual(['stays']);
    });

    it('stops delivery on a node whose last handler left, and can subscribe again', async () => {
      const channel = fx.channel('resubscribe');
      const got: string[] = [];
      const unsubscribe = await fx.b.subscribe(
        channel,
        (m) => void got.push(`b:${String(m.payload)}`),
      );
      await fx.a.subscribe(channel, (m) => void got.push(`a:${String(m.payload)}`));
      await unsubscribe();
      await fx.a.publish(channel, 1);
      await waitUntil(() => got.includes('a:1'), 'the publisher-side delivery');
      await fx.b.subscribe(channel, (m) => void got.push(`b:${String(m.payload)}`));
      await fx.a.publish(channel, 2);
      await waitUntil(
        () => got.includes('b:2') && got.includes('a:2'),
        'both deliveries of the second message',
      );
      expect(got).not.toContain('b:1');
    });

    it("runs handlers inside the publisher's context", async () => {
      const channel = fx.channel('context');
      const seen: (RequestContext | undefined)[] = [];
      await fx.b.subscribe(channel, async () => {
        await Promise.resolve();
        seen.push(currentContext());
      });
      const ctx = newContext({ tenantId: 'tenant-ctx', actor: { kind: 'user', userId: 'user-1' } });
      await runWithContext(ctx, () => fx.a.publish(channel, 'hi'));
      await waitUntil(() => seen.length === 1, 'the delivery');
      expect(seen[0]).toEqual({
        requestId: ctx.requestId,
        traceId: ctx.traceId,
        tenantId: 'tenant-ctx',
        actor: ctx.actor,
      });
    });

    it('isolates failing handlers from each other and from later messages', async () => {
      const channel = fx.channel('errors');
      const got: unknown[] = [];
      await fx.b.subscribe(channel, () => {
        throw new Error('sync boom');
      });
      await fx.b.subscribe(channel, async () => {
        throw new Error('async boom');
      });
      await fx.b.subscribe(channel, (message) => void got.push(message.payload));
      await fx.a.publish(channel, 1);
      await fx.a.publish(channel, 2);
      await waitUntil(() => got.length === 2, 'both messages at the healthy handler');
      await waitUntil(
        () => lines.filter((l) => l.message === 'bus handler failed').length === 4,
        'four logged failures',
      );
      expect(got).toEqual([1, 2]);
    });

    it('refuses payloads JSON cannot carry', async () => {
      const channel = fx.channel('payloads');
      await expect(fx.a.publish(channel, undefined)).rejects.toThrow(TypeError);
      await expect(fx.a.publish(channel, { n: 1n })).rejects.toThrow(TypeError);
      await expect(fx.a.publish('', 1)).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('rejects use after close', async () => {
      await fx.a.close();
      await expect(fx.a.publish(fx.channel('closed'), 1)).rejects.toBeInstanceOf(AppError);
      await expect(fx.a.subscribe(fx.channel('closed'), () => undefined)).rejects.toMatchObject({
        code: 'shutting_down',
      });
    });
  });
}
