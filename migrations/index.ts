import type { MigrationInterface } from 'typeorm';
import { Foundation1795305600000 } from './1795305600000-foundation.js';
import { TenancyCore1795330000000 } from './1795330000000-tenancy-core.js';
import { IdentityAndAccess1795340000000 } from './1795340000000-identity-and-access.js';
import { VerifiedDomainHosts1795360000000 } from './1795360000000-verified-domain-hosts.js';
import { Documents1795370000000 } from './1795370000000-documents.js';
import { CollabUpdates1795380000000 } from './1795380000000-collab-updates.js';
import { CollabPartitionsAndCompaction1795390000000 } from './1795390000000-collab-partitions-and-compaction.js';
import { OutboxEvents1795400000000 } from './1795400000000-outbox-events.js';
import { ContentTypes1795410000000 } from './1795410000000-content-types.js';
import { DocumentVersions1795420000000 } from './1795420000000-document-versions.js';
import { Workflow1795430000000 } from './1795430000000-workflow.js';
import { Comments1795440000000 } from './1795440000000-comments.js';
import { Webhooks1795450000000 } from './1795450000000-webhooks.js';
import { Publishing1795460000000 } from './1795460000000-publishing.js';
import { Search1795470000000 } from './1795470000000-search.js';

/**
 * Every migration, oldest first. An explicit list rather than a glob, so the same code runs from
 * the compiled output and under jest, and a migration is never picked up by accident.
 */
export const migrations: (new () => MigrationInterface)[] = [
  Foundation1795305600000,
  TenancyCore1795330000000,
  IdentityAndAccess1795340000000,
  VerifiedDomainHosts1795360000000,
  Documents1795370000000,
  CollabUpdates1795380000000,
  CollabPartitionsAndCompaction1795390000000,
  OutboxEvents1795400000000,
  ContentTypes1795410000000,
  DocumentVersions1795420000000,
  Workflow1795430000000,
  Comments1795440000000,
  Webhooks1795450000000,
  Publishing1795460000000,
  Search1795470000000,
];
