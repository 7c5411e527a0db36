import type { EntityManager } from 'typeorm';
import { recordEvent } from '../events/index.js';
import type { ThreadRecord } from './comment.repository.js';

/** The events this module emits; all target the thread. */
export type CommentEventType =
  | 'comment.created'
  | 'comment.replied'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.resolved'
  | 'comment.reopened'
  | 'comment.mentioned';

/** Records one event about the thread in the caller's transaction. */
export function recordCommentEvent(
  tx: EntityManager,
  thread: ThreadRecord,
  type: CommentEventType,
  payload: Record<string, unknown> = {},
): Promise<void> {
  return recordEvent(tx, {
    tenantId: thread.tenantId,
    type,
    documentId: thread.documentId,
    target: { type: 'comment_thread', id: thread.id },
    payload: { threadId: thread.id, ...payload },
  });
}

/** One `comment.mentioned` per mentioned user, so each can be told on their own. */
export async function recordMentions(
  tx: EntityManager,
  thread: ThreadRecord,
  commentId: string,
  userIds: readonly string[],
): Promise<void> {
  for (const mentionedUserId of userIds) {
    await recordCommentEvent(tx, thread, 'comment.mentioned', { commentId, mentionedUserId });
  }
}
