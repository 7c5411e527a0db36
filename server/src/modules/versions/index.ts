/**
 * Versions: immutable snapshots of a document's content — made by hand, by the workflow, by a
 * restore, or automatically while a document is edited — listed, compared and restored.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config.js';
import type { FolioModule } from '../../platform/http/folio-module.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { DocumentContent } from '../collab/index.js';
import { authorTrackerFor } from './author-tracker.js';
import { Checkpointer } from './checkpointer.js';
import { makeCheckpoint } from './commands/makeCheckpoint.js';
import { versionsRoutes } from './versions.routes.js';

export {
  createVersion,
  type CreateVersionInput,
  type VersionDeps,
  type VersionOutcome,
} from './commands/createVersion.js';
export { restoreVersion, type RestoreOutcome } from './commands/restoreVersion.js';
export { findVersion, latestVersion, listVersions, currentContent } from './version.queries.js';
export {
  VERSION_REASONS,
  type VersionReason,
  type VersionRecord,
  type VersionSummary,
} from './version.record.js';
export type { Checkpointer } from './checkpointer.js';
export { compareContent, type ContentComparison, type FieldChange } from './compare-content.js';

/** The TypeORM entity schemas this module owns (none: document_versions is reached by raw SQL). */
export const versionsEntities = [];

/** What the versions module is built from. */
export interface VersionsModuleDeps {
  readonly config: Pick<Config, 'VERSION_CHECKPOINT_IDLE_MS' | 'VERSION_CHECKPOINT_INTERVAL_MS'>;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
}

/** The module, with its checkpointer in view (for health and tests). */
export interface VersionsModule extends FolioModule {
  readonly checkpointer: Checkpointer;
}

/** The versions REST API, plus the author tracking and automatic checkpoints of this node. */
export function createVersionsModule(deps: VersionsModuleDeps): VersionsModule {
  const tracker = authorTrackerFor(deps.content);
  const checkpointer = new Checkpointer({
    idleMs: deps.config.VERSION_CHECKPOINT_IDLE_MS,
    intervalMs: deps.config.VERSION_CHECKPOINT_INTERVAL_MS,
    logger: deps.logger,
    checkpoint: (tenantId, documentId) => makeCheckpoint(deps, tenantId, documentId),
  });
  const unsubscribe: (() => void)[] = [];
  return {
    name: 'versions',
    checkpointer,
    routes: [{ path: '/documents/:documentId/versions', router: versionsRoutes(deps) }],
    start() {
      unsubscribe.push(tracker.listen(deps.content), checkpointer.listen(deps.content));
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      await checkpointer.stop();
    },
  };
}
export { versionsRouteDocs } from './versions.openapi.js';
