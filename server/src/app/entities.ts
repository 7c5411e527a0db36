import { auditEntities } from '../modules/audit/index.js';
import { documentsEntities } from '../modules/documents/index.js';
import { identityEntities } from '../modules/identity/index.js';
import { tenancyEntities } from '../modules/tenancy/index.js';

/** Every module's entity schemas, registered with the runtime DataSource. */
export const allEntities = [
  ...tenancyEntities,
  ...identityEntities,
  ...auditEntities,
  ...documentsEntities,
];
