/**
 * Waiting in tests: poll a condition until it holds or a deadline passes. Assertions await a
 * condition like this, never a fixed sleep.
 */

/** Resolves once predicate holds; fails naming `what` after timeoutMs. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with fn's first truthy result; fails after timeoutMs. */
export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  let value: T | null | undefined | false = await fn();
  await waitUntil(
    async () => {
      if (value) return true;
      value = await fn();
      return Boolean(value);
    },
    'a condition',
    timeoutMs,
    intervalMs,
  );
  return value as T;
}
