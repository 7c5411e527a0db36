import type { DataSource, EntityManager } from 'typeorm';
import type { FolioModule } from '../../platform/http/folio-module.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { JobQueue } from '../../platform/queue/queue.port.js';
import type { DocumentContent } from '../collab/index.js';
import { definitionsRoutes } from './definitions.routes.js';
import { WorkflowScheduler } from './scheduler.js';
import { stateRepository, type PublicationRecord } from './state.repository.js';
import { workflowRoutes } from './workflow.routes.js';

export {
  workflowDefinitionSchema,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
  type WorkflowDefinition,
  type WorkflowStage,
  type WorkflowTransition,
  type WorkflowGuards,
} from './definition.schema.js';
export { BUILT_IN_DEFINITION, BUILT_IN_KEY } from './default-definition.js';
export type { PublicationRecord } from './state.repository.js';
export type { GuardFailure, StaleApprovalsPolicy } from './guards.js';

/** What the workflow module is built from (a subset of the app's feature deps). */
export interface WorkflowModuleDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
  readonly queue: JobQueue;
  readonly logger: Logger;
}

/** The TypeORM entity schemas this module owns (none: its tables are reached with SQL). */
export const workflowEntities = [];

/** The version of a document that is published now, or null; call inside withTenant. */
export function findPublication(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
): Promise<PublicationRecord | null> {
  return stateRepository.findPublication(tx, tenantId, documentId);
}

/**
 * The workflow engine: definitions (`/workflows`), each document's workflow
 * (`/documents/:documentId/workflow`), and scheduled transitions, re-enqueued on start.
 */
export function createWorkflowModule(deps: WorkflowModuleDeps): FolioModule {
  const scheduler = new WorkflowScheduler(deps);
  return {
    name: 'workflow',
    routes: [
      { path: '/workflows', router: definitionsRoutes(deps) },
      { path: '/documents/:documentId/workflow', router: workflowRoutes({ ...deps, scheduler }) },
    ],
    start: async () => {
      await scheduler.resume();
    },
  };
}
export { workflowRouteDocs } from './workflow.openapi.js';
export { transitionDocument } from './commands/transitionDocument.js';
export { reviewDocument } from './commands/reviewDocument.js';
export { readWorkflowView, type WorkflowView } from './workflow-view.js';
export { presentWorkflow } from './workflow.presenter.js';
export { actorOf as workflowActorOf } from './workflow.routes.js';
