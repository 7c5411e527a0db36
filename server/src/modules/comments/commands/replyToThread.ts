import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordCommentEvent, recordMentions } from '../comment.events.js';
import { commentRepository, type Author, type CommentRecord } from '../comment.repository.js';
import type { CommentsDeps, ThreadKey } from '../comments.deps.js';
import { assertMentionable, mentionsOf } from '../mentions.js';

/** Adds a comment to a thread (open or resolved: replying does not change its status). */
export async function replyToThread(
  deps: CommentsDeps,
  key: ThreadKey,
  input: { author: Author; body: string; mentions?: readonly string[] },
): Promise<CommentRecord> {
  const mentions = mentionsOf(input.body, input.mentions);
  return withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const thread = await commentRepository.findThread(tx, key, true);
    if (!thread) throw new AppError('not_found', 'No such comment thread');
    await assertMentionable(tx, key.tenantId, mentions);
    const comment = await commentRepository.insertComment(tx, {
      tenantId: key.tenantId,
      threadId: thread.id,
      author: input.author,
      body: input.body,
      mentions,
    });
    await commentRepository.touch(tx, key.tenantId, thread.id);
    await recordCommentEvent(tx, thread, 'comment.replied', { commentId: comment.id });
    await recordMentions(tx, thread, comment.id, mentions);
    return comment;
  });
}
