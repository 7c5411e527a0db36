import { createKeyspace } from '../../redis/keys.js';
import { useRedisPrefix, type RedisTestPrefix } from '../../../test/redis-prefix.js';
import { describeEventBusContract } from '../bus.contract.js';
import { createCapturingLogger } from '../../../test/capturing-logger.js';
import { waitUntil } from '../../../test/wait.js';
import { RedisBus } from '../redis-bus.js';

const slice: RedisTestPrefix = useRedisPrefix('redis-bus');
const keys = createKeyspace(slice.prefix);
let serial = 0;

afterAll(() => slice.cleanup());

/** Subscriber connections on the server for channel (PUBSUB NUMSUB). */
async function subscriberCount(channel: string): Promise<number> {
  const reply = (await slice.redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** The server-side id of the connection named name, for a targeted CLIENT KILL. */
async function clientId(name: string): Promise<string | undefined> {
  const list = (await slice.redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  return line?.match(/^id=(\d+)/)?.[1];
}

describeEventBusContract('RedisBus', async (logger) => {
  const run = (serial += 1);
  const a = new RedisBus({
    redis: { url: slice.url },
    logger,
    nodeId: `a-${run}`,
    name: `${slice.prefix}-a`,
  });
  const b = new RedisBus({
    redis: { url: slice.url },
    logger,
    nodeId: `b-${run}`,
    name: `${slice.prefix}-b`,
  });
  return {
    a,
    b,
    channel: (name) => keys.room(`doc-${run}-${name}`, 'events'),
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
});

describe('RedisBus on Redis', () => {
  const opened: RedisBus[] = [];
  let capture = createCapturingLogger();
  let lines = capture.lines;

  /** A bus whose connections are named after the test prefix; closed after each test. */
  function openBus(name: string, url = slice.url): RedisBus {
    const bus = new RedisBus({
      redis: { url },
      logger: capture.logger,
      name: `${slice.prefix}-${name}`,
    });
    opened.push(bus);
    return bus;
  }

  beforeEach(() => {
    capture = createCapturingLogger();
    lines = capture.lines;
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  it('SUBSCRIBEs once per node, and only while someone listens', async () => {
    const bus = openBus('refcount');
    const channel = keys.room('refcount', 'events');
    const first = await bus.subscribe(channel, () => undefined);
    const second = await bus.subscribe(channel, () => undefined);
    expect(await subscriberCount(channel)).toBe(1);
    await first();
    expect(await subscriberCount(channel)).toBe(1);
    await second();
    expect(await subscriberCount(channel)).toBe(0);
  });

  it('drops malformed messages, logs them and keeps delivering', async () => {
    const bus = openBus('malformed');
    const channel = keys.room('malformed', 'events');
    const got: unknown[] = [];
    await bus.subscribe(channel, (message) => void got.push(message.payload));
    await slice.redis.publish(channel, 'not json');
    await slice.redis.publish(channel, JSON.stringify({ v: 1, payload: 1 }));
    await bus.publish(channel, 'valid');
    await waitUntil(() => got.length === 1, 'the valid message');
    expect(got).toEqual(['valid']);
    expect(lines.filter((l) => l.message === 'dropped malformed bus message')).toHaveLength(2);
  });

  it('resubscribes after its subscriber connection is killed, without touching other clients', async () => {
    const victim = openBus('victim');
    const bystander = openBus('bystander');
    const channel = keys.room('reconnect', 'events');
    const got: { who: string; payload: unknown }[] = [];
    await victim.subscribe(channel, (m) => void got.push({ who: 'victim', payload: m.payload }));
    await bystander.subscribe(
      channel,
      (m) => void got.push({ who: 'bystander', payload: m.payload }),
    );
    let victimResubscribed = 0;
    let bystanderResubscribed = 0;
    victim.onResubscribe(() => (victimResubscribed += 1));
    bystander.onResubscribe(() => (bystanderResubscribed += 1));

    const id = await clientId(`folio:${slice.prefix}-victim:sub`);
    expect(id).toBeDefined();
    expect(await slice.redis.call('CLIENT', 'KILL', 'ID', id!)).toBe(1);

    await waitUntil(() => victimResubscribed === 1, 'the victim to resubscribe');
    await bystander.publish(channel, 'after');
    await waitUntil(
      () => got.filter((g) => g.payload === 'after').length === 2,
      'delivery to both after the kill',
    );
    expect(bystanderResubscribed).toBe(0);
    expect(lines.some((l) => l.message === 'bus resubscribed after reconnect')).toBe(true);
  });

  it('fails publish with unavailable when Redis cannot be reached', async () => {
    // A port nothing listens on: the bus must answer quickly and never throw an unhandled error.
    const bus = openBus('down', 'redis://127.0.0.1:1');
    await expect(bus.publish(keys.room('down', 'events'), 1)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
