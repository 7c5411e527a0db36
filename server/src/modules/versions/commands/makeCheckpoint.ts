import { newContext, runWithContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { authorTrackerFor } from '../author-tracker.js';
import { createVersion, type VersionDeps } from './createVersion.js';

const CHECKPOINT_ACTOR = { kind: 'system', reason: 'version-checkpoint' } as const;

/**
 * One automatic version. It runs in a context of its own: timers would otherwise carry the
 * context of whichever connection's edit scheduled them, and credit that member with the event.
 * A document deleted meanwhile needs no checkpoint, and its authors are forgotten.
 */
export async function makeCheckpoint(
  deps: VersionDeps,
  tenantId: string,
  documentId: string,
): Promise<void> {
  try {
    await runWithContext(newContext({ tenantId, actor: CHECKPOINT_ACTOR }), () =>
      createVersion(deps, {
        tenantId,
        documentId,
        reason: 'checkpoint',
        createdBy: null,
        reuseIfUnchanged: true,
      }),
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    authorTrackerFor(deps.content).forget(tenantId, documentId);
  }
}
