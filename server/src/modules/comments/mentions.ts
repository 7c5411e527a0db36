import type { EntityManager } from 'typeorm';
import { AppError } from '../../platform/errors.js';
import { commentRepository } from './comment.repository.js';

const MENTION_TOKEN = /@\[([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/gi;

/** Most users one comment may mention (each gets an event). */
export const MAX_MENTIONS = 50;

/** The users a comment mentions: the explicit list plus every `@[<uuid>]` token of its body. */
export function mentionsOf(body: string, explicit: readonly string[] = []): string[] {
  const fromBody = [...body.matchAll(MENTION_TOKEN)].map((m) => m[1]!);
  return [...new Set([...explicit, ...fromBody].map((id) => id.toLowerCase()))];
}

/** Refuses (400) mentions of anyone who is not a member of the tenant, or too many. */
export async function assertMentionable(
  tx: EntityManager,
  tenantId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length > MAX_MENTIONS) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [{ path: 'body.mentions', message: `at most ${MAX_MENTIONS} users` }],
    });
  }
  const members = await commentRepository.membersAmong(tx, tenantId, [...userIds]);
  const strangers = userIds.filter((id) => !members.has(id));
  if (strangers.length > 0) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: strangers.map((id) => ({
        path: 'body.mentions',
        message: `${id} is not a member of this workspace`,
      })),
    });
  }
}
