import * as Y from 'yjs';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { authorTrackerFor } from '../author-tracker.js';
import { replaceContent } from '../restore-content.js';
import type { VersionRecord } from '../version.record.js';
import { versionRepository } from '../version.repository.js';
import { captureState, insertVersion, type VersionDeps } from './createVersion.js';

export interface RestoreVersionInput {
  readonly tenantId: string;
  readonly documentId: string;
  readonly versionId: string;
  readonly label?: string | null;
  /** The member restoring; credited as an author of the restore. Null for an API key. */
  readonly createdBy: string | null;
}

/** The restore's own new version and the version whose content it brought back. */
export interface RestoreOutcome {
  readonly version: VersionRecord;
  readonly restoredFrom: VersionRecord;
}

/**
 * Brings an earlier version's content back as a new change through the live room (so every
 * connected editor sees it at once, and nothing of the history is rewritten), then records that
 * content as a `restore` version and a `version.restored` event. 404 for a version of another
 * document.
 */
export async function restoreVersion(
  deps: VersionDeps,
  input: RestoreVersionInput,
): Promise<RestoreOutcome> {
  const { tenantId, documentId } = input;
  const { source, state } = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const found = await versionRepository.find(tx, tenantId, documentId, input.versionId);
    const bytes = found && (await versionRepository.state(tx, tenantId, documentId, found.id));
    if (!found || !bytes) throw new AppError('not_found', 'No such version');
    return { source: found, state: bytes };
  });

  const claim = authorTrackerFor(deps.content).claim(tenantId, documentId);
  const sourceDoc = new Y.Doc();
  let restored: Uint8Array;
  try {
    Y.applyUpdate(sourceDoc, state);
    // The state is taken inside the change's own transaction: exactly the restored content, even
    // if someone types right after it.
    restored = await deps.content.change(tenantId, documentId, (doc) => {
      replaceContent(doc, sourceDoc);
      return Y.encodeStateAsUpdate(doc);
    });
  } finally {
    sourceDoc.destroy();
  }
  const captured = captureState(restored);

  const authors = new Set(claim.authors);
  if (input.createdBy) authors.add(input.createdBy);
  const version = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const { version: made } = await insertVersion(tx, {
      tenantId,
      documentId,
      reason: 'restore',
      label: input.label ?? null,
      createdBy: input.createdBy,
      reuseIfUnchanged: false,
      restoredFrom: source.id,
      authors: [...authors].sort(),
      captured,
    });
    await recordEvent(tx, {
      tenantId,
      type: 'version.restored',
      documentId,
      target: { type: 'version', id: made.id },
      payload: {
        versionId: made.id,
        number: made.number,
        restoredFrom: source.id,
        restoredFromNumber: source.number,
        contentHash: made.contentHash,
      },
    });
    return made;
  });
  claim.settle();
  return { version, restoredFrom: source };
}
