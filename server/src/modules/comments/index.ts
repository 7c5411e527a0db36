import type { FolioModule } from '../../platform/http/folio-module.js';
import type { CommentsDeps } from './comments.deps.js';
import { commentsRoutes } from './comments.routes.js';

export type { AnchorInput, AnchorResolution, ResolvedAnchor, StoredAnchor } from './anchor.js';
export type { CommentEventType } from './comment.events.js';
export type { ThreadJson } from './comment.presenter.js';
export type { CommentsDeps } from './comments.deps.js';

/** The TypeORM entity schemas this module owns: none, its repository speaks SQL. */
export const commentsEntities = [];

/** Anchored comment threads on documents, under `/documents/:documentId/comments`. */
export function createCommentsModule(deps: CommentsDeps): FolioModule {
  return {
    name: 'comments',
    routes: [{ path: '/documents/:documentId/comments', router: commentsRoutes(deps) }],
  };
}
export { commentsRouteDocs } from './comments.openapi.js';
export { createThread } from './commands/createThread.js';
export { listThreads } from './thread.queries.js';
export { authorOf as commentAuthorOf } from './comment.policy.js';
export { createThreadBody } from './comments.schema.js';
