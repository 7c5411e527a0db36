/**
 * The collaboration engine's port for server-side work on a document's content (versions,
 * restores, comments, workflow): read the current state, change it as the server, hear about
 * changes. Implemented over this node's rooms and storage in collab.websocket.ts.
 */
import * as Y from 'yjs';
import { AppError } from '../../platform/errors.js';
import {
  applyStoredState,
  RoomUnavailableError,
  type RoomLogger,
  type RoomManager,
  type RoomStorage,
} from './room/index.js';
import { roomKey } from './storage/room-key.js';

/** The key a DocumentChange carries for this document (`<tenantId>:<documentId>`). */
export const documentKey: (tenantId: string, documentId: string) => string = roomKey;

/** One effective change applied on this node. */
export interface DocumentChange {
  /**
   * `documentKey(tenantId, documentId)`: the same string for every change of an open room, so
   * listeners that index by document (once per keystroke) need not build and hash one.
   */
  readonly key: string;
  readonly tenantId: string;
  readonly documentId: string;
  /** The member whose connection sent it; null for a change made by the server (a restore). */
  readonly userId: string | null;
}

export interface DocumentContent {
  /**
   * A private copy of the document's current state: the live room's when this node holds it
   * (edits not yet flushed included), otherwise snapshot + log from storage. An empty document
   * when nothing was ever written. The caller may read it freely; changes to it go nowhere.
   */
  read(tenantId: string, documentId: string): Promise<Y.Doc>;
  /**
   * Runs `fn` on the live document inside one Yjs transaction with the server as origin, opening
   * the room on this node when needed. Every connected client (on every node) receives the change;
   * resolves once it is durable in PostgreSQL.
   */
  change<T>(tenantId: string, documentId: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /** Hears every effective change applied on this node; returns the unsubscribe. */
  onChange(listener: (change: DocumentChange) => void): () => void;
}

/** Fans one listener out to many, isolating the room from a listener that throws. */
export class DocumentChangeFeed {
  private readonly listeners = new Set<(change: DocumentChange) => void>();
  /** Each open room's key split once, so its changes carry the same strings every time. */
  private readonly parts = new Map<string, { tenantId: string; documentId: string }>();

  constructor(private readonly logger: RoomLogger) {}

  /** The room manager's `onChange` (keys are `<tenantId>:<documentId>`, built by roomKey). */
  readonly roomChanged = (key: string, userId: string | null): void => {
    if (this.listeners.size === 0) return;
    let parts = this.parts.get(key);
    if (parts === undefined) {
      const split = key.indexOf(':');
      parts = { tenantId: key.slice(0, split), documentId: key.slice(split + 1) };
      // Bounded by the rooms a node holds at once; a node that saw very many starts over.
      if (this.parts.size >= 20_000) this.parts.clear();
      this.parts.set(key, parts);
    }
    const change: DocumentChange = { key, ...parts, userId };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error({ error, ...change }, 'document change listener failed');
      }
    }
  };

  subscribe(listener: (change: DocumentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The port over this node's rooms and storage. */
export function createDocumentContent(
  manager: RoomManager,
  storage: RoomStorage,
  feed: DocumentChangeFeed,
): DocumentContent {
  return {
    async read(tenantId, documentId) {
      const key = roomKey(tenantId, documentId);
      const copy = new Y.Doc();
      const live = manager.room(key)?.doc;
      if (live) {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
        return copy;
      }
      const stored = await storage.load(key);
      if (stored !== null) applyStoredState(copy, stored, null);
      return copy;
    },
    async change(tenantId, documentId, fn) {
      try {
        return await manager.edit(roomKey(tenantId, documentId), fn);
      } catch (error) {
        if (!(error instanceof RoomUnavailableError)) throw error;
        const code = error.reason === 'draining' ? 'shutting_down' : 'unavailable';
        throw new AppError(code, 'The document cannot be changed right now; retry shortly', {
          cause: error,
          expose: true,
        });
      }
    },
    onChange: (listener) => feed.subscribe(listener),
  };
}
