import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';
import type { StoredAnchor } from './anchor.js';

/** A thread row. */
export interface ThreadRecord {
  tenantId: string;
  documentId: string;
  id: string;
  anchor: StoredAnchor;
  quote: string;
  status: 'open' | 'resolved';
  createdBy: string | null;
  createdAt: Date;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  updatedAt: Date;
}

/** A comment row; `body` is kept after a soft delete but never presented. */
export interface CommentRecord {
  tenantId: string;
  threadId: string;
  id: string;
  authorId: string | null;
  authorApiKeyId: string | null;
  body: string;
  mentions: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** Who writes: a member (user id) or an API key. */
export type Author = { kind: 'user'; id: string } | { kind: 'apiKey'; id: string };

const THREAD_COLUMNS = `tenant_id AS "tenantId", document_id AS "documentId", id, anchor, quote, status,
  created_by AS "createdBy", created_at AS "createdAt", resolved_by AS "resolvedBy",
  resolved_at AS "resolvedAt", updated_at AS "updatedAt"`;
const COMMENT_COLUMNS = `tenant_id AS "tenantId", thread_id AS "threadId", id, author_id AS "authorId",
  author_api_key_id AS "authorApiKeyId", body, mentions, created_at AS "createdAt",
  edited_at AS "editedAt", deleted_at AS "deletedAt"`;

/** Reads and writes of threads and comments; callers are inside withTenant (RLS applies). */
export const commentRepository = {
  /** A new open thread. */
  async insertThread(
    tx: EntityManager,
    row: {
      tenantId: string;
      documentId: string;
      anchor: StoredAnchor;
      quote: string;
      createdBy: string | null;
    },
  ): Promise<ThreadRecord> {
    const [thread] = await tx.query<ThreadRecord[]>(
      `INSERT INTO comment_threads (tenant_id, document_id, anchor, quote, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${THREAD_COLUMNS}`,
      [row.tenantId, row.documentId, JSON.stringify(row.anchor), row.quote, row.createdBy],
    );
    return thread!;
  },

  /** A new comment by `author` on the thread. */
  async insertComment(
    tx: EntityManager,
    row: { tenantId: string; threadId: string; author: Author; body: string; mentions: string[] },
  ): Promise<CommentRecord> {
    const [comment] = await tx.query<CommentRecord[]>(
      `INSERT INTO comments (tenant_id, thread_id, author_id, author_api_key_id, body, mentions)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[]) RETURNING ${COMMENT_COLUMNS}`,
      [
        row.tenantId,
        row.threadId,
        row.author.kind === 'user' ? row.author.id : null,
        row.author.kind === 'apiKey' ? row.author.id : null,
        row.body,
        row.mentions,
      ],
    );
    return comment!;
  },

  /** The thread, locked for the caller's transaction when `lock` (status changes, replies). */
  async findThread(
    tx: EntityManager,
    key: { tenantId: string; documentId: string; threadId: string },
    lock = false,
  ): Promise<ThreadRecord | null> {
    const [thread] = await tx.query<ThreadRecord[]>(
      `SELECT ${THREAD_COLUMNS} FROM comment_threads
       WHERE tenant_id = $1 AND document_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [key.tenantId, key.documentId, key.threadId],
    );
    return thread ?? null;
  },

  /** One page of a document's threads, newest first, keyset-paginated on (created_at, id). */
  async pageThreads(
    tx: EntityManager,
    tenantId: string,
    documentId: string,
    options: { limit: number; after?: Keyset; status?: 'open' | 'resolved' },
  ): Promise<{ rows: ThreadRecord[]; keysets: Keyset[] }> {
    const rows = await tx.query<(ThreadRecord & { cursorTs: string })[]>(
      `SELECT ${THREAD_COLUMNS}, ${cursorTimestampSql('created_at')} AS "cursorTs"
       FROM comment_threads
       WHERE tenant_id = $1 AND document_id = $2
         AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [
        tenantId,
        documentId,
        options.status ?? null,
        options.after?.createdAt ?? null,
        options.after?.id ?? null,
        options.limit,
      ],
    );
    return {
      rows: rows.map(({ cursorTs: _ts, ...thread }) => thread),
      keysets: rows.map((r) => ({ createdAt: r.cursorTs, id: r.id })),
    };
  },

  /** Every comment of the threads, oldest first within each thread. */
  commentsOf(tx: EntityManager, tenantId: string, threadIds: string[]): Promise<CommentRecord[]> {
    if (threadIds.length === 0) return Promise.resolve([]);
    return tx.query<CommentRecord[]>(
      `SELECT ${COMMENT_COLUMNS} FROM comments
       WHERE tenant_id = $1 AND thread_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [tenantId, threadIds],
    );
  },

  /** One comment of the thread, locked for the caller's transaction. */
  async findComment(
    tx: EntityManager,
    tenantId: string,
    threadId: string,
    commentId: string,
  ): Promise<CommentRecord | null> {
    const [comment] = await tx.query<CommentRecord[]>(
      `SELECT ${COMMENT_COLUMNS} FROM comments
       WHERE tenant_id = $1 AND thread_id = $2 AND id = $3 FOR UPDATE`,
      [tenantId, threadId, commentId],
    );
    return comment ?? null;
  },

  /** A new body (and mentions) with `edited_at`, or the soft delete. */
  async updateComment(
    tx: EntityManager,
    tenantId: string,
    commentId: string,
    change: { body: string; mentions: string[] } | { deleted: true },
  ): Promise<CommentRecord> {
    const [rows] = await tx.query<[CommentRecord[], number]>(
      'deleted' in change
        ? `UPDATE comments SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${COMMENT_COLUMNS}`
        : `UPDATE comments SET body = $3, mentions = $4::uuid[], edited_at = now()
           WHERE tenant_id = $1 AND id = $2 RETURNING ${COMMENT_COLUMNS}`,
      'deleted' in change
        ? [tenantId, commentId]
        : [tenantId, commentId, change.body, change.mentions],
    );
    return rows[0]!;
  },

  /** Sets the thread's status (and who resolved it); touches updated_at on every change. */
  async setStatus(
    tx: EntityManager,
    tenantId: string,
    threadId: string,
    status: 'open' | 'resolved',
    by: string | null,
  ): Promise<ThreadRecord> {
    const [rows] = await tx.query<[ThreadRecord[], number]>(
      `UPDATE comment_threads
       SET status = $3,
           resolved_by = CASE WHEN $3 = 'resolved' THEN $4::uuid END,
           resolved_at = CASE WHEN $3 = 'resolved' THEN now() END,
           updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${THREAD_COLUMNS}`,
      [tenantId, threadId, status, by],
    );
    return rows[0]!;
  },

  /** Marks the thread as having changed (a reply, an edit, a deletion). */
  async touch(tx: EntityManager, tenantId: string, threadId: string): Promise<void> {
    await tx.query(
      `UPDATE comment_threads SET updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, threadId],
    );
  },

  /** Which of `userIds` are members of the tenant. */
  async membersAmong(tx: EntityManager, tenantId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])`,
      [tenantId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  },
};
