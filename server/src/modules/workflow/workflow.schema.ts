import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { workflowDefinitionSchema } from './definition.schema.js';

const KEY = /^[a-z][a-z0-9_-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600_000;

const key = z.string().regex(KEY, 'a key such as publish');
const note = z.string().trim().min(1).max(2000);
const futureTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), 'must be in the future')
  .refine((date) => date.getTime() < Date.now() + MAX_SCHEDULE_AHEAD_MS, 'must be within a year');

/** `POST /documents/:documentId/workflow/transitions` */
export const transitionBody = z.object({ transition: key, note: note.optional() }).strict();

/** `POST /documents/:documentId/workflow/reviews` */
export const reviewBody = z
  .object({ decision: z.enum(['approved', 'changes_requested']), note: note.optional() })
  .strict();

/** `PUT /documents/:documentId/workflow/assignment` */
export const assignmentBody = z
  .object({
    assignees: z.array(z.uuid()).max(50),
    dueAt: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .nullable(),
  })
  .strict();

/** `POST /documents/:documentId/workflow/schedules` */
export const scheduleBody = z.object({ transition: key.optional(), runAt: futureTime }).strict();

/** `PATCH /documents/:documentId/workflow/schedules/:scheduleId` */
export const rescheduleBody = z.object({ runAt: futureTime }).strict();

/** `PUT /workflows/:key` */
export const putDefinitionBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    isDefault: z.boolean().default(false),
    definition: workflowDefinitionSchema,
  })
  .strict();

/** An id from the path; one that cannot exist is simply not found. */
export function pathId(raw: unknown, what: string): string {
  if (typeof raw !== 'string' || !UUID.test(raw))
    throw new AppError('not_found', `No such ${what}`);
  return raw.toLowerCase();
}

/** A definition key from the path. */
export function pathKey(raw: unknown): string {
  if (typeof raw !== 'string' || !KEY.test(raw))
    throw new AppError('not_found', 'No such workflow definition');
  return raw;
}

/** The revision an `If-Match` header names (`"3"`, `3` or `W/"3"`), null when absent. */
export function ifMatchRevision(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match)
    throw new AppError('precondition_failed', 'If-Match must name a revision such as "3"');
  return Number(match[1]);
}
