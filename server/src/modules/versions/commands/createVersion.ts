import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { DocumentContent } from '../../collab/index.js';
import {
  contentHash,
  renderDocument,
  renderHtml,
  type RenderedContent,
} from '../../content/index.js';
import { recordEvent } from '../../events/index.js';
import { authorTrackerFor } from '../author-tracker.js';
import type { VersionReason, VersionRecord } from '../version.record.js';
import { versionRepository } from '../version.repository.js';

/** What making a version needs: the database and the node's live documents. */
export interface VersionDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
}

export interface CreateVersionInput {
  readonly tenantId: string;
  readonly documentId: string;
  readonly reason: VersionReason;
  readonly label?: string | null;
  /** The member who asked for it; null for checkpoints and API keys. */
  readonly createdBy: string | null;
  /** Return the latest version instead of a new one when the content hash did not change. */
  readonly reuseIfUnchanged?: boolean;
  /**
   * The caller's open transaction (workflow freezes a version inside its transition). The content
   * is still read before — outside — it: a Yjs document is not in PostgreSQL's transaction.
   * Authors credited this way stay credited to this node's next version too (the tracker cannot
   * see when someone else's transaction commits), so no edit ever goes uncredited.
   */
  readonly tx?: EntityManager;
}

/** The outcome: the version, and whether it is a new one. */
export interface VersionOutcome {
  readonly version: VersionRecord;
  readonly created: boolean;
}

/** A document's content in every form a version stores. */
export interface CapturedContent {
  readonly state: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly rendered: RenderedContent;
  readonly html: string;
  readonly contentHash: string;
}

/** Encodes, renders and hashes a document. */
export function captureContent(doc: Y.Doc): CapturedContent {
  const rendered = renderDocument(doc);
  return {
    state: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    rendered,
    html: renderHtml(rendered.body),
    contentHash: contentHash(rendered),
  };
}

/** Captures a document given as its Yjs state (`Y.encodeStateAsUpdate`). */
export function captureState(state: Uint8Array): CapturedContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return captureContent(doc);
  } finally {
    doc.destroy();
  }
}

/** Reads the document's current content from the node's live documents and captures it. */
export async function readContent(
  content: Pick<DocumentContent, 'read'>,
  tenantId: string,
  documentId: string,
): Promise<CapturedContent> {
  const doc = await content.read(tenantId, documentId);
  try {
    return captureContent(doc);
  } finally {
    doc.destroy();
  }
}

/** Makes a version of the document's current content (or reuses the latest when unchanged). */
export async function createVersion(
  deps: VersionDeps,
  input: CreateVersionInput,
): Promise<VersionOutcome> {
  // Claimed before the read, so every credited edit is in the content read (an edit landing in
  // between is credited to this version and, since it stays tracked, to the next one as well).
  const claim = authorTrackerFor(deps.content).claim(input.tenantId, input.documentId);
  const captured = await readContent(deps.content, input.tenantId, input.documentId);
  const insert = (tx: EntityManager) =>
    insertVersion(tx, {
      tenantId: input.tenantId,
      documentId: input.documentId,
      reason: input.reason,
      label: input.label ?? null,
      createdBy: input.createdBy,
      reuseIfUnchanged: input.reuseIfUnchanged ?? false,
      restoredFrom: null,
      authors: claim.authors,
      captured,
    });
  if (input.tx) return insert(input.tx);
  const outcome = await withTenant(deps.dataSource, input.tenantId, insert);
  if (outcome.created) claim.settle();
  return outcome;
}

/** A version to insert from content captured beforehand. */
export interface InsertVersionInput {
  readonly tenantId: string;
  readonly documentId: string;
  readonly reason: VersionReason;
  readonly label: string | null;
  readonly createdBy: string | null;
  readonly reuseIfUnchanged: boolean;
  readonly restoredFrom: string | null;
  readonly authors: readonly string[];
  readonly captured: CapturedContent;
}

/**
 * Inserts a version numbered after the latest, with its `version.created` event, under a lock on
 * the document row; 404 when the document is gone (or another tenant's).
 */
export async function insertVersion(
  tx: EntityManager,
  input: InsertVersionInput,
): Promise<VersionOutcome> {
  const { tenantId, documentId, captured } = input;
  if (!(await versionRepository.lockDocument(tx, tenantId, documentId))) {
    throw new AppError('not_found', 'No such document');
  }
  const latest = await versionRepository.latest(tx, tenantId, documentId);
  if (input.reuseIfUnchanged && latest?.contentHash === captured.contentHash) {
    return { version: latest, created: false };
  }
  const version = await versionRepository.insert(tx, {
    tenantId,
    documentId,
    number: (latest?.number ?? 0) + 1,
    ...captured,
    authors: input.authors,
    reason: input.reason,
    label: input.label,
    restoredFrom: input.restoredFrom,
    createdBy: input.createdBy,
  });
  await recordEvent(tx, {
    tenantId,
    type: 'version.created',
    documentId,
    target: { type: 'version', id: version.id },
    payload: {
      versionId: version.id,
      number: version.number,
      reason: version.reason,
      label: version.label,
      contentHash: version.contentHash,
      authors: version.authors,
      restoredFrom: version.restoredFrom,
    },
  });
  return { version, created: true };
}
