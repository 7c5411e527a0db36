import { AppError } from '../../platform/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_KEY = /^[a-z][a-z0-9_-]{1,39}$/;

/**
 * A path id that must be a UUID. Anything else cannot name a row, so it is the same 404 as an
 * unknown (or another tenant's) id: no 500 from a cast, and nothing to tell the two apart.
 */
export function uuidParam(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new AppError('not_found', `${what} not found`);
  return value.toLowerCase();
}

/** A role key from the path; malformed keys are unknown roles. */
export function roleKeyParam(value: string | undefined): string {
  if (!value || !ROLE_KEY.test(value)) throw new AppError('not_found', 'Role not found');
  return value;
}

/** The shape role keys must have (mirrors the CHECK constraint on roles.key). */
export const ROLE_KEY_PATTERN = ROLE_KEY;
