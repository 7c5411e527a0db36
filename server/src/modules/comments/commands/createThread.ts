import type { EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { documentRepository } from '../../documents/index.js';
import { AnchorResolver, type AnchorInput } from '../anchor.js';
import { recordCommentEvent, recordMentions } from '../comment.events.js';
import { commentRepository, type Author } from '../comment.repository.js';
import { presentThread, type ThreadJson } from '../comment.presenter.js';
import type { CommentsDeps } from '../comments.deps.js';
import { assertMentionable, mentionsOf } from '../mentions.js';

/**
 * Opens a thread on an anchor with its first comment. The anchor is checked against (and, for
 * offsets, converted on) the document's current content, and its quote is taken from there.
 */
export async function createThread(
  deps: CommentsDeps,
  input: {
    tenantId: string;
    documentId: string;
    author: Author;
    anchor: AnchorInput;
    body: string;
    mentions?: readonly string[];
  },
): Promise<ThreadJson> {
  const { tenantId, documentId } = input;
  const assertDocument = async (tx: EntityManager) => {
    if (!(await documentRepository.findById(tx, tenantId, documentId))) {
      throw new AppError('not_found', 'No such document');
    }
  };
  // The document must exist before its content is read: an unknown one reads as empty.
  await withTenant(deps.dataSource, tenantId, assertDocument);
  const doc = await deps.content.read(tenantId, documentId);
  let normalised: ReturnType<AnchorResolver['normalise']>;
  try {
    normalised = new AnchorResolver(doc).normalise(input.anchor);
  } finally {
    doc.destroy();
  }
  const { anchor, resolution } = normalised;
  const mentions = mentionsOf(input.body, input.mentions);
  return withTenant(deps.dataSource, tenantId, async (tx) => {
    await assertDocument(tx);
    await assertMentionable(tx, tenantId, mentions);
    const thread = await commentRepository.insertThread(tx, {
      tenantId,
      documentId,
      anchor,
      quote: resolution.quote,
      createdBy: input.author.kind === 'user' ? input.author.id : null,
    });
    const comment = await commentRepository.insertComment(tx, {
      tenantId,
      threadId: thread.id,
      author: input.author,
      body: input.body,
      mentions,
    });
    await recordCommentEvent(tx, thread, 'comment.created', {
      commentId: comment.id,
      anchorKind: anchor.kind,
      quote: thread.quote,
    });
    await recordMentions(tx, thread, comment.id, mentions);
    return presentThread(thread, [comment], resolution);
  });
}
