import type { EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Principal } from '../../access/index.js';
import { recordCommentEvent, recordMentions } from '../comment.events.js';
import { isAuthor, mayDeleteComment } from '../comment.policy.js';
import { commentRepository, type CommentRecord, type ThreadRecord } from '../comment.repository.js';
import type { CommentsDeps, ThreadKey } from '../comments.deps.js';
import { assertMentionable, mentionsOf } from '../mentions.js';

/** The thread and one of its comments, locked; 404 when either is not there. */
async function loadComment(
  tx: EntityManager,
  key: ThreadKey,
  commentId: string,
): Promise<{ thread: ThreadRecord; comment: CommentRecord }> {
  const thread = await commentRepository.findThread(tx, key, true);
  const comment =
    thread && (await commentRepository.findComment(tx, key.tenantId, thread.id, commentId));
  if (!thread || !comment) throw new AppError('not_found', 'No such comment');
  return { thread, comment };
}

/**
 * Replaces a comment's body (its author only). Mentions are recomputed from the new body and
 * list; only users not mentioned before get a `comment.mentioned`. `precondition` (If-Match)
 * sees the comment locked.
 */
export async function editComment(
  deps: CommentsDeps,
  key: ThreadKey,
  input: { principal: Principal; commentId: string; body: string; mentions?: readonly string[] },
  precondition?: (current: CommentRecord) => void,
): Promise<CommentRecord> {
  const mentions = mentionsOf(input.body, input.mentions);
  return withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const { thread, comment } = await loadComment(tx, key, input.commentId);
    if (!isAuthor(input.principal, comment)) {
      throw new AppError('forbidden', 'Only its author may edit a comment');
    }
    precondition?.(comment);
    if (comment.deletedAt !== null) {
      throw new AppError('conflict', 'The comment was deleted', {
        details: { reason: 'comment_deleted' },
      });
    }
    await assertMentionable(tx, key.tenantId, mentions);
    const edited = await commentRepository.updateComment(tx, key.tenantId, comment.id, {
      body: input.body,
      mentions,
    });
    await commentRepository.touch(tx, key.tenantId, thread.id);
    await recordCommentEvent(tx, thread, 'comment.edited', { commentId: comment.id });
    const added = mentions.filter((id) => !comment.mentions.includes(id));
    await recordMentions(tx, thread, comment.id, added);
    return edited;
  });
}

/** Soft-deletes a comment (its author, or anyone who may delete documents); deleting twice is a no-op. */
export async function deleteComment(
  deps: CommentsDeps,
  key: ThreadKey,
  input: { principal: Principal; commentId: string },
  precondition?: (current: CommentRecord) => void,
): Promise<void> {
  await withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const { thread, comment } = await loadComment(tx, key, input.commentId);
    if (!mayDeleteComment(input.principal, comment)) {
      throw new AppError('forbidden', 'Only its author or a document deleter may delete a comment');
    }
    precondition?.(comment);
    if (comment.deletedAt !== null) return;
    await commentRepository.updateComment(tx, key.tenantId, comment.id, { deleted: true });
    await commentRepository.touch(tx, key.tenantId, thread.id);
    await recordCommentEvent(tx, thread, 'comment.deleted', { commentId: comment.id });
  });
}
