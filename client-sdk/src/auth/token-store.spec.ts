import { memoryTokenStore } from './token-store.js';

describe('memoryTokenStore().exclusive', () => {
  it('runs tasks one at a time, in order, even when one fails', async () => {
    const store = memoryTokenStore();
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const task = (name: string, fail = false) =>
      store.exclusive(async () => {
        log.push(`start ${name}`);
        await new Promise<void>((resolve) => releases.push(resolve));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const a = task('a', true);
    const b = task('b');
    await Promise.resolve();
    expect(log).toEqual(['start a']);
    releases.shift()!();
    await expect(a).rejects.toThrow('a');
    await waitFor(() => releases.length === 1);
    expect(log).toEqual(['start a', 'end a', 'start b']);
    releases.shift()!();
    await expect(b).resolves.toBe('b');
  });

  it('keeps the session it was given', () => {
    const store = memoryTokenStore();
    expect(store.get()).toBeNull();
    const session = { accessToken: 'a', refreshToken: 'r', expiresAt: 1 };
    store.set(session);
    expect(store.get()).toBe(session);
    store.set(null);
    expect(store.get()).toBeNull();
  });
});

/** Lets queued microtasks run until `condition` holds (no timers involved). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await Promise.resolve();
  expect(condition()).toBe(true);
}
