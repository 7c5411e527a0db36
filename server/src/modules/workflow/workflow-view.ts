import type { DataSource } from 'typeorm';
import { withTenant, withTenantSnapshot } from '../../platform/db/unit-of-work.js';
import type { DocumentContent } from '../collab/index.js';
import { currentContent } from '../versions/index.js';
import {
  approvalsSourceAt,
  evaluateGuards,
  reviewStandings,
  type GuardFailure,
  type ReviewStanding,
} from './guards.js';
import { schedulesRepository, type ScheduleRecord } from './schedules.repository.js';
import {
  stateRepository,
  type PublicationRecord,
  type TransitionRecord,
} from './state.repository.js';
import {
  guardInput,
  loadWorkflow,
  type LoadedWorkflow,
  type WorkflowActor,
} from './workflow-context.js';

/** What `GET /documents/:id/workflow` is built from. */
export interface WorkflowView {
  loaded: LoadedWorkflow;
  available: { key: string; name: string; to: string; failures: GuardFailure[] }[];
  reviews: ReviewStanding[];
  publication: PublicationRecord | null;
  history: TransitionRecord[];
  schedules: ScheduleRecord[];
  currentHash: string;
}

/** The document's workflow as `actor` sees it: each transition out of the stage with its guards. */
export async function readWorkflowView(
  deps: { dataSource: DataSource; content: DocumentContent },
  tenantId: string,
  documentId: string,
  actor: WorkflowActor,
): Promise<WorkflowView> {
  // Existence first (404 for another tenant's id), before the content is read.
  await withTenant(deps.dataSource, tenantId, (tx) => loadWorkflow(tx, tenantId, documentId));
  const { hash } = await currentContent(deps, tenantId, documentId);
  // One snapshot: a transition committing mid-read must not pair the old stage with its new
  // publication (the existence check above has already created the state row, so no write here).
  return withTenantSnapshot(deps.dataSource, tenantId, async (tx) => {
    const loaded = await loadWorkflow(tx, tenantId, documentId);
    const input = guardInput(loaded, actor, hash);
    const available = loaded.definition.definition.transitions
      .filter((t) => t.from.includes(loaded.state.stage))
      .map((t) => ({ key: t.key, name: t.name, to: t.to, failures: evaluateGuards(t, input) }));
    return {
      loaded,
      available,
      reviews: reviewStandings(input, approvalsSourceAt(input.definition, loaded.state.stage)),
      publication: await stateRepository.findPublication(tx, tenantId, documentId),
      history: await stateRepository.history(tx, tenantId, documentId, 20),
      schedules: (await schedulesRepository.list(tx, tenantId, documentId)).filter(
        (s) => s.status === 'scheduled',
      ),
      currentHash: hash,
    };
  });
}
