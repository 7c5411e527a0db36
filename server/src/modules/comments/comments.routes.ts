import { Router, type Request } from 'express';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { AppError } from '../../platform/errors.js';
import { ifMatchGuard, sendTagged } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { createThread } from './commands/createThread.js';
import { deleteComment, editComment } from './commands/changeComment.js';
import { replyToThread } from './commands/replyToThread.js';
import { setThreadStatus } from './commands/setThreadStatus.js';
import { authorOf } from './comment.policy.js';
import { presentComment } from './comment.presenter.js';
import type { CommentsDeps, ThreadKey } from './comments.deps.js';
import { commentBody, createThreadBody, isUuid, listThreadsQuery } from './comments.schema.js';
import { getComment, getThread, listThreads } from './thread.queries.js';

/** A path id; one that cannot exist is simply not found. */
function pathId(req: Request, name: string, what: string): string {
  const raw = req.params[name];
  if (!isUuid(raw)) throw new AppError('not_found', `No such ${what}`);
  return raw.toLowerCase();
}

/** `/api/v1/documents/:documentId/comments`: anchored threads, replies, edits, resolve/reopen. */
export function commentsRoutes(deps: CommentsDeps): Router {
  const router = Router({ mergeParams: true });
  const threadKey = (req: Request, tenantId: string): ThreadKey => ({
    tenantId,
    documentId: pathId(req, 'documentId', 'document'),
    threadId: pathId(req, 'threadId', 'comment thread'),
  });

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = pathId(req, 'documentId', 'document');
    const query = parseInput(listThreadsQuery, req.query, 'query');
    const page = await listThreads(deps, {
      tenantId: principal.tenantId,
      documentId,
      limit: query.limit,
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    res.json({
      items: page.threads,
      nextCursor: page.hasMore && page.last ? encodeCursor(page.last) : null,
    });
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.comment');
    const documentId = pathId(req, 'documentId', 'document');
    const body = parseInput(createThreadBody, req.body);
    const thread = await createThread(deps, {
      tenantId: principal.tenantId,
      documentId,
      author: authorOf(principal),
      anchor: body.anchor,
      body: body.body,
      ...(body.mentions ? { mentions: body.mentions } : {}),
    });
    res.status(201).json(thread);
  });

  router.get('/:threadId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    res.json(await getThread(deps, threadKey(req, principal.tenantId)));
  });

  router.post('/:threadId/replies', async (req, res) => {
    const principal = requirePermission(res, 'documents.comment');
    const key = threadKey(req, principal.tenantId);
    const body = parseInput(commentBody, req.body);
    const comment = await replyToThread(deps, key, {
      author: authorOf(principal),
      body: body.body,
      ...(body.mentions ? { mentions: body.mentions } : {}),
    });
    res.status(201).json(presentComment(comment));
  });

  router.get('/:threadId/comments/:commentId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const key = threadKey(req, principal.tenantId);
    const comment = await getComment(deps, key, pathId(req, 'commentId', 'comment'));
    sendTagged(res, presentComment(comment));
  });

  router.patch('/:threadId/comments/:commentId', async (req, res) => {
    const principal = requirePermission(res, 'documents.comment');
    const key = threadKey(req, principal.tenantId);
    const commentId = pathId(req, 'commentId', 'comment');
    const body = parseInput(commentBody, req.body);
    const comment = await editComment(
      deps,
      key,
      {
        principal,
        commentId,
        body: body.body,
        ...(body.mentions ? { mentions: body.mentions } : {}),
      },
      ifMatchGuard(req, presentComment, 'The comment'),
    );
    sendTagged(res, presentComment(comment));
  });

  router.delete('/:threadId/comments/:commentId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const key = threadKey(req, principal.tenantId);
    await deleteComment(
      deps,
      key,
      { principal, commentId: pathId(req, 'commentId', 'comment') },
      ifMatchGuard(req, presentComment, 'The comment'),
    );
    res.status(204).end();
  });

  for (const [action, status] of [
    ['resolve', 'resolved'],
    ['reopen', 'open'],
  ] as const) {
    router.post(`/:threadId/${action}`, async (req, res) => {
      const principal = requirePermission(res, 'documents.comment');
      const key = threadKey(req, principal.tenantId);
      await setThreadStatus(deps, key, { actor: authorOf(principal), status });
      res.json(await getThread(deps, key));
    });
  }

  return router;
}
