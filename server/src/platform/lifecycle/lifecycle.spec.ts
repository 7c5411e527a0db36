import { pino } from 'pino';
import { Lifecycle } from './lifecycle.js';

const silent = pino({ level: 'silent' });

describe('Lifecycle', () => {
  it('runs stop steps last-registered first, once, and reports failures without skipping', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 1000);
    lifecycle.onStop('pool', async () => void order.push('pool'));
    lifecycle.onStop('broken', async () => {
      order.push('broken');
      throw new Error('nope');
    });
    lifecycle.onStop('http', async () => void order.push('http'));
    expect(lifecycle.isDraining()).toBe(false);
    const [a, b] = await Promise.all([lifecycle.shutdown('test'), lifecycle.shutdown('again')]);
    expect(order).toEqual(['http', 'broken', 'pool']);
    expect(a).toEqual({ ok: false, failed: ['broken'], timedOut: false });
    expect(b).toBe(a);
    expect(lifecycle.isDraining()).toBe(true);
  });

  it('gives up at the deadline when a step hangs', async () => {
    const lifecycle = new Lifecycle(silent, 50);
    lifecycle.onStop('hangs', () => new Promise<void>(() => undefined));
    const result = await lifecycle.shutdown('test');
    expect(result.timedOut).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('tells drain listeners once, already draining, before any stop step runs', async () => {
    const seen: string[] = [];
    const lifecycle = new Lifecycle(silent, 1000);
    lifecycle.onStop('http', async () => void seen.push('stop http'));
    lifecycle.onDrainStart(() => seen.push(`drain (draining=${lifecycle.isDraining()})`));
    lifecycle.onDrainStart(() => {
      throw new Error('a broken listener does not stop the shutdown');
    });
    await Promise.all([lifecycle.shutdown('test'), lifecycle.shutdown('again')]);
    expect(seen).toEqual(['drain (draining=true)', 'stop http']);
  });
});
