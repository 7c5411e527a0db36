import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one load: the latest value, the latest error, whether a load is running. */
export interface AsyncState<T> {
  value: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (live events call it); concurrent results never overwrite a newer one. */
  reload: () => Promise<void>;
}

/** Runs `load` when `deps` change and on `reload()`; only the newest run's result is kept. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const id = ++run.current;
    setLoading(true);
    try {
      const next = await loadRef.current();
      if (id === run.current) {
        setValue(next);
        setError(undefined);
      }
    } catch (err) {
      if (id === run.current) setError(err);
    } finally {
      if (id === run.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // The caller lists what `load` reads; `load` itself is read through a ref.
  }, deps);

  return { value, error, loading, reload };
}
