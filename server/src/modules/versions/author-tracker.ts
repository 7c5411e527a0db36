import { documentKey, type DocumentChange, type DocumentContent } from '../collab/index.js';

/** The authors a version is about to credit, and how to forget them once it is committed. */
export interface AuthorClaim {
  readonly authors: string[];
  /** Forgets the claimed edits (not later ones by the same members); call after the commit. */
  settle(): void;
}

/**
 * Who changed each document on this node since this node last made a version of it. Each member
 * carries the sequence number of their latest edit, so settling a claim forgets only the edits
 * that version saw: a member who edits again while the version is written stays credited.
 *
 * In a fleet every node tracks the edits it applied (its own connections'); edits applied through
 * another node are credited by that node's checkpoints, not by a version made here.
 */
export class AuthorTracker {
  private readonly byDocument = new Map<string, Map<string, number>>();
  private seq = 0;

  /** Records one change; server changes (no member) credit no one. */
  record(change: DocumentChange): void {
    if (change.userId === null) return;
    const { key } = change;
    let authors = this.byDocument.get(key);
    if (!authors) {
      authors = new Map();
      this.byDocument.set(key, authors);
    }
    this.seq += 1;
    authors.set(change.userId, this.seq);
  }

  /** The members who changed the document so far, sorted, with the way to settle them. */
  claim(tenantId: string, documentId: string): AuthorClaim {
    const key = documentKey(tenantId, documentId);
    const seen = new Map(this.byDocument.get(key) ?? []);
    return {
      authors: [...seen.keys()].sort(),
      settle: () => {
        const authors = this.byDocument.get(key);
        if (!authors) return;
        for (const [userId, seq] of seen) {
          if (authors.get(userId) === seq) authors.delete(userId);
        }
        if (authors.size === 0) this.byDocument.delete(key);
      },
    };
  }

  /** Drops what is known of a document (it was deleted). */
  forget(tenantId: string, documentId: string): void {
    this.byDocument.delete(documentKey(tenantId, documentId));
  }

  /** Starts listening to the node's changes; returns the unsubscribe. */
  listen(content: Pick<DocumentContent, 'onChange'>): () => void {
    return content.onChange((change) => this.record(change));
  }
}

/**
 * The tracker that listens to each node's content port. createVersion finds it through the port
 * it is given, so a version made by another module (workflow's freeze) credits the same authors.
 */
const trackers = new WeakMap<object, AuthorTracker>();

/** The tracker of this content port (created on first use; it credits no one until it listens). */
export function authorTrackerFor(content: object): AuthorTracker {
  let tracker = trackers.get(content);
  if (!tracker) {
    tracker = new AuthorTracker();
    trackers.set(content, tracker);
  }
  return tracker;
}
