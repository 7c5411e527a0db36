export { DocumentEntity, type DocumentRecord } from './document.entity.js';
export { documentsRoutes } from './documents.routes.js';
export { documentRepository } from './document.repository.js';
export { createDocument, type ContentTypeCatalogue } from './commands/createDocument.js';

import { DocumentEntity } from './document.entity.js';

/** The TypeORM entity schemas this module owns. */
export const documentsEntities = [DocumentEntity];
export { documentsRouteDocs } from './documents.openapi.js';
