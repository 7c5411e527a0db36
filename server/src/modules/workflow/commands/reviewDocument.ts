import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { DocumentContent } from '../../collab/index.js';
import { recordEvent } from '../../events/index.js';
import { currentContent, findVersion } from '../../versions/index.js';
import { isReviewStage } from '../guards.js';
import {
  reviewsRepository,
  type ReviewDecision,
  type ReviewRecord,
} from '../reviews.repository.js';
import { loadWorkflow } from '../workflow-context.js';

/**
 * Records a reviewer's decision on the document's frozen version, bound to that version's
 * content hash. A second decision by the same reviewer replaces the first. 409 when nothing is
 * frozen or the document is not in a stage that takes reviews.
 */
export async function reviewDocument(
  deps: { dataSource: DataSource; content: DocumentContent },
  input: {
    tenantId: string;
    documentId: string;
    reviewerId: string;
    decision: ReviewDecision;
    note: string | null;
  },
): Promise<ReviewRecord> {
  const { tenantId, documentId } = input;
  const { hash } = await currentContent(deps, tenantId, documentId);
  return withTenant(deps.dataSource, tenantId, async (tx) => {
    const { state, definition } = await loadWorkflow(tx, tenantId, documentId, { lock: true });
    if (!state.frozenVersionId || !isReviewStage(definition.definition, state.stage)) {
      throw new AppError('conflict', `Stage "${state.stage}" does not take reviews`, {
        details: {
          reason: 'not_in_review',
          stage: state.stage,
          frozenVersionId: state.frozenVersionId,
        },
      });
    }
    const version = await findVersion(tx, tenantId, documentId, state.frozenVersionId);
    if (!version) throw new AppError('conflict', 'The frozen version is gone');
    const review = await reviewsRepository.upsert(tx, {
      tenantId,
      documentId,
      versionId: version.id,
      contentHash: version.contentHash,
      reviewerId: input.reviewerId,
      decision: input.decision,
      note: input.note,
    });
    await recordEvent(tx, {
      tenantId,
      type: 'workflow.reviewed',
      documentId,
      target: { type: 'document', id: documentId },
      payload: {
        reviewId: review.id,
        versionId: version.id,
        reviewerId: input.reviewerId,
        decision: input.decision,
        // The reviewer approved the frozen version while the live content had already moved on.
        isStale: version.contentHash !== hash,
      },
    });
    return review;
  });
}
