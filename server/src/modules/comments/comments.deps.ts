import type { DataSource } from 'typeorm';
import type { DocumentContent } from '../collab/index.js';

/** What the comments module needs from the node: the database and the documents' current content. */
export interface CommentsDeps {
  readonly dataSource: DataSource;
  readonly content: Pick<DocumentContent, 'read'>;
}

/** The document and thread a request names, already checked to be UUIDs. */
export interface ThreadKey {
  readonly tenantId: string;
  readonly documentId: string;
  readonly threadId: string;
}
