import type { Keyset } from '../../platform/db/keyset-cursor.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { documentRepository } from '../documents/index.js';
import { AnchorResolver } from './anchor.js';
import { commentRepository, type CommentRecord, type ThreadRecord } from './comment.repository.js';
import { presentThread, type ThreadJson } from './comment.presenter.js';
import type { CommentsDeps, ThreadKey } from './comments.deps.js';

/** Presents threads with their anchors resolved against one read of the document's content. */
async function presentResolved(
  deps: CommentsDeps,
  tenantId: string,
  documentId: string,
  threads: readonly ThreadRecord[],
  comments: readonly CommentRecord[],
): Promise<ThreadJson[]> {
  if (threads.length === 0) return [];
  const doc = await deps.content.read(tenantId, documentId);
  try {
    const resolver = new AnchorResolver(doc);
    const byThread = new Map<string, CommentRecord[]>();
    for (const comment of comments) {
      const list = byThread.get(comment.threadId);
      if (list) list.push(comment);
      else byThread.set(comment.threadId, [comment]);
    }
    return threads.map((thread) =>
      presentThread(thread, byThread.get(thread.id) ?? [], resolver.resolve(thread.anchor)),
    );
  } finally {
    doc.destroy();
  }
}

/** One page of a document's threads, newest first, each with its comments; 404 for no document. */
export async function listThreads(
  deps: CommentsDeps,
  input: {
    tenantId: string;
    documentId: string;
    limit: number;
    after?: Keyset;
    status?: 'open' | 'resolved';
  },
): Promise<{ threads: ThreadJson[]; last: Keyset | null; hasMore: boolean }> {
  const { tenantId, documentId } = input;
  const { page, comments } = await withTenant(deps.dataSource, tenantId, async (tx) => {
    if (!(await documentRepository.findById(tx, tenantId, documentId))) {
      throw new AppError('not_found', 'No such document');
    }
    const page = await commentRepository.pageThreads(tx, tenantId, documentId, {
      limit: input.limit + 1,
      ...(input.after ? { after: input.after } : {}),
      ...(input.status ? { status: input.status } : {}),
    });
    page.rows = page.rows.slice(0, input.limit);
    const ids = page.rows.map((t) => t.id);
    return { page, comments: await commentRepository.commentsOf(tx, tenantId, ids) };
  });
  return {
    threads: await presentResolved(deps, tenantId, documentId, page.rows, comments),
    last: page.keysets[page.rows.length - 1] ?? null,
    hasMore: page.keysets.length > input.limit,
  };
}

/** One thread with its comments and resolved anchor; 404 when the document has no such thread. */
export async function getThread(deps: CommentsDeps, key: ThreadKey): Promise<ThreadJson> {
  const { thread, comments } = await withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const thread = await commentRepository.findThread(tx, key);
    if (!thread) throw new AppError('not_found', 'No such comment thread');
    return { thread, comments: await commentRepository.commentsOf(tx, key.tenantId, [thread.id]) };
  });
  const [json] = await presentResolved(deps, key.tenantId, key.documentId, [thread], comments);
  return json!;
}

/** One comment of a thread (deleted ones too, without their text); 404 when not there. */
export async function getComment(
  deps: CommentsDeps,
  key: ThreadKey,
  commentId: string,
): Promise<CommentRecord> {
  const comment = await withTenant(deps.dataSource, key.tenantId, async (tx) => {
    const thread = await commentRepository.findThread(tx, key);
    return thread && commentRepository.findComment(tx, key.tenantId, thread.id, commentId);
  });
  if (!comment) throw new AppError('not_found', 'No such comment');
  return comment;
}
