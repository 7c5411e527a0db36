import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { DocumentContent } from '../../collab/index.js';
import { assertValidContent, findContentType } from '../../content/index.js';
import { recordEvent } from '../../events/index.js';
import { createVersion, currentContent, findVersion } from '../../versions/index.js';
import type { WorkflowAction, WorkflowTransition } from '../definition.schema.js';
import { evaluateGuards } from '../guards.js';
import { stateRepository } from '../state.repository.js';
import {
  guardInput,
  initialStage,
  loadWorkflow,
  type LoadedWorkflow,
  type WorkflowActor,
} from '../workflow-context.js';

/** What transitions need: the database and the node's live documents. */
export interface TransitionDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
}

/** A transition to take on one document, by one actor. */
export interface TransitionInput {
  readonly tenantId: string;
  readonly documentId: string;
  readonly transition: string;
  readonly note: string | null;
  readonly actor: WorkflowActor;
  /** Runs inside the transition's transaction after it applied (a schedule marks itself done). */
  readonly within?: (tx: EntityManager) => Promise<void>;
}

/** Where the document went and which versions the transition froze or published. */
export interface TransitionOutcome {
  readonly transitionId: string;
  readonly from: string;
  readonly to: string;
  readonly versionId: string | null;
  readonly publishedVersionId: string | null;
}

/** The transition named `key`, or 404. */
export function findTransition(loaded: LoadedWorkflow, key: string): WorkflowTransition {
  const transition = loaded.definition.definition.transitions.find((t) => t.key === key);
  if (!transition)
    throw new AppError(
      'not_found',
      `Workflow "${loaded.definition.key}" has no transition "${key}"`,
    );
  return transition;
}

function assertGuards(
  loaded: LoadedWorkflow,
  transition: WorkflowTransition,
  input: TransitionInput,
  hash: string,
): void {
  const failures = evaluateGuards(transition, guardInput(loaded, input.actor, hash));
  if (failures.length > 0) {
    throw new AppError(
      'transition_blocked',
      `Transition "${transition.key}" is blocked: ${failures.map((f) => f.message).join('; ')}`,
      { details: failures },
    );
  }
}

/**
 * Takes a workflow transition: every guard is evaluated (all failures reported as one 409
 * `transition_blocked`), then, in one transaction holding the document's workflow row, the stage
 * moves, the actions run in order and the history and events are written. Guards are checked
 * first without the lock (so a blocked transition freezes nothing) and again under it.
 */
export async function transitionDocument(
  deps: TransitionDeps,
  input: TransitionInput,
): Promise<TransitionOutcome> {
  const { tenantId, documentId } = input;
  const preview = await withTenant(deps.dataSource, tenantId, (tx) =>
    loadWorkflow(tx, tenantId, documentId),
  );
  const { hash } = await currentContent(deps, tenantId, documentId);
  assertGuards(preview, findTransition(preview, input.transition), input, hash);

  return withTenant(deps.dataSource, tenantId, async (tx) => {
    const loaded = await loadWorkflow(tx, tenantId, documentId, { lock: true });
    const transition = findTransition(loaded, input.transition);
    assertGuards(loaded, transition, input, hash);
    const { state } = loaded;
    const toInitial = initialStage(loaded.definition).key === transition.to;
    let frozenVersionId = state.frozenVersionId;
    let publishedVersionId: string | null = null;
    for (const action of transition.actions) {
      const run = await runAction(deps, tx, { action, loaded, input, transition, frozenVersionId });
      frozenVersionId = run.frozenVersionId;
      publishedVersionId = run.publishedVersionId ?? publishedVersionId;
    }
    await stateRepository.update(tx, state, {
      stage: transition.to,
      // A new round starts from scratch: the next submission freezes (and is reviewed) afresh.
      frozenVersionId: toInitial ? null : frozenVersionId,
    });
    const transitionId = await stateRepository.addTransition(tx, {
      tenantId,
      documentId,
      transition: transition.key,
      fromStage: state.stage,
      toStage: transition.to,
      versionId: frozenVersionId,
      actorId: input.actor.userId,
      note: input.note,
    });
    await recordEvent(tx, {
      tenantId,
      type: 'workflow.transitioned',
      documentId,
      target: { type: 'document', id: documentId },
      payload: {
        transitionId,
        transition: transition.key,
        from: state.stage,
        to: transition.to,
        versionId: frozenVersionId,
        note: input.note,
      },
    });
    await input.within?.(tx);
    return {
      transitionId,
      from: state.stage,
      to: transition.to,
      versionId: frozenVersionId,
      publishedVersionId,
    };
  });
}

interface ActionInput {
  action: WorkflowAction;
  loaded: LoadedWorkflow;
  input: TransitionInput;
  transition: WorkflowTransition;
  frozenVersionId: string | null;
}

async function runAction(
  deps: TransitionDeps,
  tx: EntityManager,
  { action, loaded, input, transition, frozenVersionId }: ActionInput,
): Promise<{ frozenVersionId: string | null; publishedVersionId?: string }> {
  const { tenantId, documentId } = input;
  switch (action) {
    case 'freeze_version': {
      const { version } = await createVersion(deps, {
        tenantId,
        documentId,
        reason: 'workflow',
        label: transition.name.slice(0, 200),
        createdBy: input.actor.userId,
        reuseIfUnchanged: true,
        tx,
      });
      return { frozenVersionId: version.id };
    }
    case 'publish': {
      const versionId = await publishFrozen(tx, loaded, input, frozenVersionId);
      return { frozenVersionId, publishedVersionId: versionId };
    }
    case 'unpublish': {
      const versionId = await stateRepository.unpublish(tx, {
        tenantId,
        documentId,
        actorId: input.actor.userId,
      });
      if (versionId) {
        await recordEvent(tx, {
          tenantId,
          type: 'document.unpublished',
          documentId,
          target: { type: 'document', id: documentId },
          payload: { versionId },
        });
      }
      return { frozenVersionId };
    }
    case 'notify':
      await recordEvent(tx, {
        tenantId,
        type: 'workflow.notified',
        documentId,
        target: { type: 'document', id: documentId },
        payload: {
          transition: transition.key,
          to: transition.to,
          recipients: loaded.state.assignees,
          dueAt: loaded.state.dueAt?.toISOString() ?? null,
        },
      });
      return { frozenVersionId };
    default: {
      const exhaustive: never = action;
      return exhaustive;
    }
  }
}

/** Publishes the frozen (approved) version, never the live content, once it validates. */
async function publishFrozen(
  tx: EntityManager,
  loaded: LoadedWorkflow,
  input: TransitionInput,
  frozenVersionId: string | null,
): Promise<string> {
  const { tenantId, documentId } = input;
  if (!frozenVersionId) throw new AppError('transition_blocked', 'No version has been frozen');
  const version = await findVersion(tx, tenantId, documentId, frozenVersionId);
  if (!version) throw new AppError('conflict', 'The frozen version is gone');
  const type = await findContentType(tx, tenantId, loaded.contentType);
  if (!type) {
    throw new AppError('content_invalid', `Unknown content type "${loaded.contentType}"`, {
      details: [
        {
          path: [],
          code: 'unknown_content_type',
          message: `no content type "${loaded.contentType}"`,
        },
      ],
    });
  }
  assertValidContent(type, version.rendered);
  await stateRepository.publish(tx, {
    tenantId,
    documentId,
    versionId: version.id,
    actorId: input.actor.userId,
  });
  await recordEvent(tx, {
    tenantId,
    type: 'document.published',
    documentId,
    target: { type: 'document', id: documentId },
    payload: { versionId: version.id, number: version.number, contentHash: version.contentHash },
  });
  return version.id;
}
