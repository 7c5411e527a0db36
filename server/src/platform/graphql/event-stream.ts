/**
 * Push-based events as the async iterator a GraphQL subscription resolver returns. The buffer is
 * bounded: a subscriber that stops reading loses the oldest events instead of growing memory.
 */

/** Starts listening; returns how to stop. */
export type Listen<T> = (push: (value: T) => void) => () => void;

/** An async iterator over what `listen` pushes, ending (and unlistening) on return(). */
export function eventStream<T>(listen: Listen<T>, maxBuffered = 100): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  const stop = listen((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
      return;
    }
    buffer.push(value);
    if (buffer.length > maxBuffered) buffer.shift();
  });
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
      buffer.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
