import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordCommentEvent } from '../comment.events.js';
import { commentRepository, type Author } from '../comment.repository.js';
import type { CommentsDeps, ThreadKey } from '../comments.deps.js';

/** Resolves or reopens a thread; 409 when it already has that status. */
export async function setThreadStatus(
  deps: CommentsDeps,
  key: ThreadKey,
  input: { actor: Author; status: 'open' | 'resolved' },
): Promise<void> {
  await withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const thread = await commentRepository.findThread(tx, key, true);
    if (!thread) throw new AppError('not_found', 'No such comment thread');
    if (thread.status === input.status) {
      throw new AppError('conflict', `The thread is already ${input.status}`, {
        details: { reason: input.status === 'open' ? 'already_open' : 'already_resolved' },
      });
    }
    const by = input.actor.kind === 'user' ? input.actor.id : null;
    await commentRepository.setStatus(tx, key.tenantId, thread.id, input.status, by);
    await recordCommentEvent(
      tx,
      thread,
      input.status === 'resolved' ? 'comment.resolved' : 'comment.reopened',
    );
  });
}
