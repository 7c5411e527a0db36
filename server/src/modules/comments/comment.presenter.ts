import type { AnchorResolution, ResolvedAnchor } from './anchor.js';
import type { CommentRecord, ThreadRecord } from './comment.repository.js';

/** The public JSON of a comment; a deleted one keeps its place but not its text. */
export function presentComment(comment: CommentRecord) {
  const isDeleted = comment.deletedAt !== null;
  return {
    id: comment.id,
    threadId: comment.threadId,
    author: comment.authorId
      ? { type: 'user' as const, id: comment.authorId }
      : comment.authorApiKeyId
        ? { type: 'apiKey' as const, id: comment.authorApiKeyId }
        : null,
    body: isDeleted ? null : comment.body,
    mentions: isDeleted ? [] : comment.mentions,
    createdAt: comment.createdAt.toISOString(),
    editedAt: comment.editedAt?.toISOString() ?? null,
    deletedAt: comment.deletedAt?.toISOString() ?? null,
  };
}

/** The public JSON of a thread: its anchor with where it is now, and its comments in order. */
export function presentThread(
  thread: ThreadRecord,
  comments: readonly CommentRecord[],
  resolved: AnchorResolution,
) {
  const anchor: ResolvedAnchor = { ...thread.anchor, resolved };
  return {
    id: thread.id,
    documentId: thread.documentId,
    status: thread.status,
    anchor,
    quote: thread.quote,
    createdBy: thread.createdBy,
    createdAt: thread.createdAt.toISOString(),
    resolvedBy: thread.resolvedBy,
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    updatedAt: thread.updatedAt.toISOString(),
    comments: comments.map(presentComment),
  };
}

/** A presented thread. */
export type ThreadJson = ReturnType<typeof presentThread>;
