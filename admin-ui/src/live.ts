import { useEffect, useRef } from 'react';
import { useFolio } from './app-context.js';

/** A domain event as the live channel delivers it (docs/api.md, "Domain events"). */
export interface DomainEvent {
  id: string;
  type: string;
  documentId?: string | null;
  target?: { type: string; id: string };
  actor?: { type: string; id: string } | null;
  payload?: Record<string, unknown>;
}

type Live = {
  on(event: string, handler: (event: DomainEvent) => void): () => void;
  watchDocument(documentId: string): Promise<() => void>;
};

/** The page's one live connection (the SDK connects lazily and reconnects with fresh tokens). */
function liveOf(folio: ReturnType<typeof useFolio>['folio']): Live {
  return folio.live() as unknown as Live;
}

/**
 * Calls `handler` for each live event of the listed types (optionally only those of one
 * document). The handler is read through a ref, so callers need not memoise it.
 */
export function useLiveEvents(
  types: readonly string[],
  handler: (event: DomainEvent) => void,
  documentId?: string,
): void {
  const { folio } = useFolio();
  const ref = useRef(handler);
  ref.current = handler;
  const key = types.join(',');
  useEffect(() => {
    const live = liveOf(folio);
    const offs = key.split(',').map((type) =>
      live.on(type, (event) => {
        if (documentId && event.documentId !== documentId) return;
        ref.current(event);
      }),
    );
    return () => offs.forEach((off) => off());
  }, [folio, key, documentId]);
}

/** Joins the document's live room while mounted (presence; its events arrive once). */
export function useWatchDocument(documentId: string): void {
  const { folio } = useFolio();
  useEffect(() => {
    let unwatch: (() => void) | undefined;
    let gone = false;
    liveOf(folio)
      .watchDocument(documentId)
      .then((off) => {
        if (gone) off();
        else unwatch = off;
      })
      .catch(() => {
        // Presence is a nicety: the editor works without the live room.
      });
    return () => {
      gone = true;
      unwatch?.();
    };
  }, [folio, documentId]);
}
