export { AuditEntryEntity, type AuditEntry } from './audit-entry.entity.js';
export { recordAudit, diffObjects, type AuditInput } from './record-audit.js';

import { AuditEntryEntity } from './audit-entry.entity.js';

/** The TypeORM entity schemas this module owns. */
export const auditEntities = [AuditEntryEntity];
export { auditRoutes } from './audit.routes.js';
export { auditRouteDocs } from './audit.openapi.js';
