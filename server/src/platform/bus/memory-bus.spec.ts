import { createKeyspace } from '../redis/keys.js';
import { describeEventBusContract } from './bus.contract.js';
import { createCapturingLogger } from '../../test/capturing-logger.js';
import { waitUntil } from '../../test/wait.js';
import { decodeBusMessage, encodeBusMessage } from './bus.port.js';
import { MemoryBus, MemoryBusHub } from './memory-bus.js';

describeEventBusContract('MemoryBus', async (logger) => {
  const hub = new MemoryBusHub();
  const a = new MemoryBus({ logger, hub, nodeId: 'node-a' });
  const b = new MemoryBus({ logger, hub, nodeId: 'node-b' });
  const keys = createKeyspace('test');
  return {
    a,
    b,
    channel: (name) => keys.room(`doc-${name}`, 'events'),
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
});

describe('MemoryBus', () => {
  it('gives each node its own copy of the payload', async () => {
    const { logger } = createCapturingLogger();
    const hub = new MemoryBusHub();
    const [a, b] = [new MemoryBus({ logger, hub }), new MemoryBus({ logger, hub })];
    const payloads: { list: number[] }[] = [];
    await a.subscribe('c', (m) => void payloads.push(m.payload as { list: number[] }));
    await b.subscribe('c', (m) => void payloads.push(m.payload as { list: number[] }));
    const sent = { list: [1] };
    await a.publish('c', sent);
    sent.list.push(2);
    await waitUntil(() => payloads.length === 2, 'both deliveries');
    payloads[0]!.list.push(3);
    expect(payloads[1]!.list).toEqual([1]);
    await Promise.all([a.close(), b.close()]);
  });

  it('buses on different hubs do not hear each other', async () => {
    const { logger } = createCapturingLogger();
    const [a, b] = [new MemoryBus({ logger }), new MemoryBus({ logger })];
    const got: string[] = [];
    await a.subscribe('c', () => void got.push('a'));
    await b.subscribe('c', () => void got.push('b'));
    await a.publish('c', 1);
    await waitUntil(() => got.length === 1, 'the local delivery');
    await a.publish('c', 2);
    await waitUntil(() => got.length === 2, 'the second local delivery');
    expect(got).toEqual(['a', 'a']);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses messages above the size limit with payload_too_large', async () => {
    const { logger } = createCapturingLogger();
    const bus = new MemoryBus({ logger, maxMessageBytes: 1000 });
    await expect(bus.publish('c', 'x'.repeat(2000))).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await bus.close();
  });

  it('close waits for running handlers', async () => {
    const { logger } = createCapturingLogger();
    const bus = new MemoryBus({ logger });
    const events: string[] = [];
    let release: () => void = () => undefined;
    await bus.subscribe('c', async () => {
      events.push('started');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      events.push('finished');
    });
    await bus.publish('c', 1);
    await waitUntil(() => events.includes('started'), 'the handler to start');
    const closing = bus.close().then(() => events.push('closed'));
    release();
    await closing;
    expect(events).toEqual(['started', 'finished', 'closed']);
  });
});

describe('bus wire format', () => {
  it('round-trips a message and validates what it receives', () => {
    const raw = encodeBusMessage({ a: 1 }, 'node-1', 10_000);
    const decoded = decodeBusMessage('ch', raw);
    expect(decoded.ok && decoded.message).toMatchObject({
      channel: 'ch',
      payload: { a: 1 },
      origin: 'node-1',
    });
    expect(decodeBusMessage('ch', 'not json').ok).toBe(false);
    expect(decodeBusMessage('ch', '{"v":1}').ok).toBe(false);
    const noPayload = JSON.parse(raw) as Record<string, unknown>;
    delete noPayload.payload;
    expect(decodeBusMessage('ch', JSON.stringify(noPayload)).ok).toBe(false);
    const badActor = {
      ...(JSON.parse(raw) as Record<string, unknown>),
      context: { requestId: 'r', traceId: 't', actor: { kind: 'root' } },
    };
    expect(decodeBusMessage('ch', JSON.stringify(badActor)).ok).toBe(false);
  });
});
