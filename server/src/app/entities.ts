import { auditEntities } from '../modules/audit/index.js';
import { documentsEntities } from '../modules/documents/index.js';
import { identityEntities } from '../modules/identity/index.js';
import { tenancyEntities } from '../modules/tenancy/index.js';
import { contentEntities } from '../modules/content/index.js';
import { versionsEntities } from '../modules/versions/index.js';
import { workflowEntities } from '../modules/workflow/index.js';
import { commentsEntities } from '../modules/comments/index.js';

/** Every module's entity schemas, registered with the runtime DataSource. */
export const allEntities = [
  ...tenancyEntities,
  ...identityEntities,
  ...auditEntities,
  ...documentsEntities,
  ...contentEntities,
  ...versionsEntities,
  ...workflowEntities,
  ...commentsEntities,
];
