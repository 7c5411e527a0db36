export { DocumentEntity, type DocumentRecord } from './document.entity.js';
export { documentsRoutes } from './documents.routes.js';
export { documentRepository } from './document.repository.js';

import { DocumentEntity } from './document.entity.js';

/** The TypeORM entity schemas this module owns. */
export const documentsEntities = [DocumentEntity];
