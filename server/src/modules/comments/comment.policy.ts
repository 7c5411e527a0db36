import { can, type Principal } from '../access/index.js';
import type { Author, CommentRecord } from './comment.repository.js';

/** Who the principal writes as: its user, or its API key. */
export function authorOf(principal: Principal): Author {
  return principal.kind === 'member'
    ? { kind: 'user', id: principal.userId }
    : { kind: 'apiKey', id: principal.apiKeyId };
}

/** Whether the principal wrote the comment (only the author may edit it). */
export function isAuthor(principal: Principal, comment: CommentRecord): boolean {
  return principal.kind === 'member'
    ? comment.authorId === principal.userId
    : comment.authorApiKeyId === principal.apiKeyId;
}

/** The author (while still allowed to comment) or anyone who may delete documents. */
export function mayDeleteComment(principal: Principal, comment: CommentRecord): boolean {
  return (
    (isAuthor(principal, comment) && can(principal, 'documents.comment')) ||
    can(principal, 'documents.delete')
  );
}
