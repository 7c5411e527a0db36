import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { ifMatchGuard, sendTagged } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import {
  requireMember,
  requirePermission,
  requirePrincipal,
  type Principal,
} from '../access/index.js';
import type { DocumentContent } from '../collab/index.js';
import { assignDocument } from './commands/assignDocument.js';
import { reviewDocument } from './commands/reviewDocument.js';
import {
  cancelSchedule,
  rescheduleTransition,
  scheduleTransition,
} from './commands/scheduleTransition.js';
import { transitionDocument } from './commands/transitionDocument.js';
import type { WorkflowScheduler } from './scheduler.js';
import { schedulesRepository } from './schedules.repository.js';
import { presentSchedule, presentWorkflow } from './workflow.presenter.js';
import {
  assignmentBody,
  pathId,
  rescheduleBody,
  reviewBody,
  scheduleBody,
  transitionBody,
} from './workflow.schema.js';
import { loadWorkflow, type WorkflowActor } from './workflow-context.js';
import { readWorkflowView } from './workflow-view.js';

/** What the document workflow routes are built from. */
export interface WorkflowRoutesDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
  readonly scheduler: WorkflowScheduler;
}

/** The principal as the workflow engine sees it. */
export function actorOf(principal: Principal): WorkflowActor {
  return {
    userId: principal.kind === 'member' ? principal.userId : null,
    permissions: principal.permissions,
  };
}

/** `/documents/:documentId/workflow`: state, transitions, reviews, assignment and schedules. */
export function workflowRoutes(deps: WorkflowRoutesDeps): Router {
  const router = Router({ mergeParams: true });
  const documentOf = (params: Record<string, unknown>) => pathId(params.documentId, 'document');

  const sendView = async (
    res: Response,
    principal: Principal,
    documentId: string,
    status = 200,
  ) => {
    const view = await readWorkflowView(deps, principal.tenantId, documentId, actorOf(principal));
    res.status(status).json(presentWorkflow(view));
  };

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    await sendView(res, principal, documentOf(req.params));
  });

  router.post('/transitions', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const body = parseInput(transitionBody, req.body);
    await transitionDocument(deps, {
      tenantId: principal.tenantId,
      documentId,
      transition: body.transition,
      note: body.note ?? null,
      actor: actorOf(principal),
    });
    await sendView(res, principal, documentId);
  });

  router.post('/reviews', async (req, res) => {
    requirePermission(res, 'workflow.review');
    const member = requireMember(res);
    const documentId = documentOf(req.params);
    const body = parseInput(reviewBody, req.body);
    await reviewDocument(deps, {
      tenantId: member.tenantId,
      documentId,
      reviewerId: member.userId,
      decision: body.decision,
      note: body.note ?? null,
    });
    await sendView(res, member, documentId, 201);
  });

  router.put('/assignment', async (req, res) => {
    const principal = requirePrincipal(res);
    if (
      !principal.permissions.has('workflow.review') &&
      !principal.permissions.has('documents.write')
    ) {
      throw new AppError('forbidden', 'Missing permission workflow.review or documents.write', {
        details: { permission: 'documents.write' },
      });
    }
    const documentId = documentOf(req.params);
    const body = parseInput(assignmentBody, req.body);
    await assignDocument(deps.dataSource, { tenantId: principal.tenantId, documentId, ...body });
    await sendView(res, principal, documentId);
  });

  router.get('/schedules', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const items = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      await loadWorkflow(tx, principal.tenantId, documentId);
      return schedulesRepository.list(tx, principal.tenantId, documentId);
    });
    res.json({ items: items.map(presentSchedule) });
  });

  router.post('/schedules', async (req, res) => {
    requirePermission(res, 'documents.read');
    const member = requireMember(res);
    const body = parseInput(scheduleBody, req.body);
    const schedule = await scheduleTransition(deps, {
      tenantId: member.tenantId,
      documentId: documentOf(req.params),
      transition: body.transition ?? null,
      runAt: body.runAt,
      actor: actorOf(member),
    });
    res.status(201).json(presentSchedule(schedule));
  });

  router.get('/schedules/:scheduleId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const scheduleId = pathId(req.params.scheduleId, 'schedule');
    const found = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      schedulesRepository.find(tx, principal.tenantId, scheduleId),
    );
    if (!found || found.documentId !== documentId)
      throw new AppError('not_found', 'No such schedule');
    sendTagged(res, presentSchedule(found));
  });

  router.patch('/schedules/:scheduleId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const body = parseInput(rescheduleBody, req.body);
    const schedule = await rescheduleTransition(deps, {
      tenantId: principal.tenantId,
      documentId: documentOf(req.params),
      scheduleId: pathId(req.params.scheduleId, 'schedule'),
      runAt: body.runAt,
      actor: actorOf(principal),
      precondition: ifMatchGuard(req, presentSchedule, 'The schedule'),
    });
    sendTagged(res, presentSchedule(schedule));
  });

  router.delete('/schedules/:scheduleId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    await cancelSchedule(deps.dataSource, {
      tenantId: principal.tenantId,
      documentId: documentOf(req.params),
      scheduleId: pathId(req.params.scheduleId, 'schedule'),
      actor: actorOf(principal),
      precondition: ifMatchGuard(req, presentSchedule, 'The schedule'),
    });
    res.status(204).end();
  });

  return router;
}
