import { useCallback, useEffect, useRef, useState } from 'react';
import { isStale } from './api.js';
import type { Page } from './types.js';

/** One loaded value: its state, a reload, and a setter for optimistic local updates. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Loads `load()` on mount and whenever `key` changes; the answer of a stale request is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (mine !== generation.current) return;
      setDataState(value);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => {
      // An unmounted page ignores answers still in flight.
      generation.current++;
    };
  }, [key, reload]);

  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) => setDataState(update),
    [],
  );
  return { data, error, loading, reload, setData };
}

/** A cursor-paginated list with "load more"; `key` restarts it (a filter changed). */
export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
  setItems: (update: (items: T[]) => T[]) => void;
}

/** Pages through `fetchPage(cursor)`; reload starts again from the first page. */
export function usePaged<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
  key: string,
): Paged<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const run = useCallback(async (after: string | undefined) => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await fetchRef.current(after);
      if (mine !== generation.current) return;
      setItemsState((current) => (after === undefined ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void run(undefined);
    return () => {
      generation.current++;
    };
  }, [key, run]);

  const loadMore = useCallback(async () => {
    if (cursor) await run(cursor);
  }, [cursor, run]);
  const reload = useCallback(() => run(undefined), [run]);
  const setItems = useCallback((update: (items: T[]) => T[]) => setItemsState(update), []);
  return { items, error, loading, hasMore: cursor !== null, loadMore, reload, setItems };
}

/** Options of one action run. */
export interface RunOptions {
  /** Reloads the current state after a stale-write refusal (412, or a StaleError). */
  onStale?: () => Promise<void>;
}

/**
 * Runs one user action at a time: `busy` while it runs, its error for the alert. The action's
 * own result decides what changes on the page; a failure leaves the page as it was, except a
 * stale-write refusal, after which `onStale` shows what is current now.
 */
export function useAction(): {
  busy: boolean;
  error: unknown;
  clearError: () => void;
  run: <R>(action: () => Promise<R>, options?: RunOptions) => Promise<R | undefined>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async <R>(action: () => Promise<R>, options?: RunOptions) => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      if (isStale(e) && options?.onStale) await options.onStale();
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, clearError, run };
}
