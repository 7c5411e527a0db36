import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { FolioClient } from '../app-context.js';

/** The parts of the SDK's document session the editor uses (SDK-CONTRACT.md, "documents"). */
export interface DocSession {
  doc: Y.Doc;
  body: Y.XmlFragment;
  fields: Y.Map<unknown>;
  awareness: Awareness;
  status: 'connecting' | 'connected' | 'disconnected';
  synced: boolean;
  persisted: boolean;
  permission: 'read' | 'comment' | 'write' | undefined;
  whenSynced(): Promise<void>;
  whenPersisted(): Promise<void>;
  on(
    event: 'status' | 'synced' | 'persisted' | 'permission' | 'error',
    listener: (arg: unknown) => void,
  ): unknown;
  destroy(): void;
}

/** What the status bar shows; re-rendered on every session event. */
export interface SessionView {
  status: DocSession['status'];
  synced: boolean;
  persisted: boolean;
  permission: DocSession['permission'];
  error: unknown;
}

/** Opens the document's collaborative session for as long as the component is mounted. */
export function useDocumentSession(
  folio: FolioClient,
  documentId: string,
  color: string,
): { session: DocSession | null; view: SessionView } {
  const [session, setSession] = useState<DocSession | null>(null);
  const [view, setView] = useState<SessionView>({
    status: 'connecting',
    synced: false,
    persisted: true,
    permission: undefined,
    error: null,
  });

  useEffect(() => {
    const s = folio.openDocument(documentId, { user: { color } }) as unknown as DocSession;
    let error: unknown = null;
    const update = (): void =>
      setView({
        status: s.status,
        synced: s.synced,
        persisted: s.persisted,
        permission: s.permission,
        error,
      });
    s.on('status', update);
    s.on('synced', update);
    s.on('persisted', update);
    s.on('permission', update);
    s.on('error', (err) => {
      error = err;
      update();
    });
    setSession(s);
    update();
    return () => {
      setSession(null);
      s.destroy();
    };
  }, [folio, documentId, color]);

  return { session, view };
}
