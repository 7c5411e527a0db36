import type { DataSource, EntityManager } from 'typeorm';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { hashPassword, userRepository, UserEntity, type User } from '../../identity/index.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { isSlug } from '../host.js';
import { memberRepository } from '../member.repository.js';
import { assertNewPassword } from '../password-policy.js';
import { effectiveQuotas, type PlanKey } from '../plans.js';
import { isReservedSlug } from '../reserved-slugs.js';
import type { ClientInfo, SessionStarter, StartedSession } from '../sessions.port.js';
import type { Tenant } from '../tenant.entity.js';
import { tenantRepository } from '../tenant.repository.js';
import { proveExistingUser } from './proveExistingUser.js';

/** The steps of an onboarding, in order; a test hook may fail after any of them. */
export type OnboardingStep = 'tenant' | 'user' | 'membership' | 'audit' | 'session';

export interface OnboardTenantDeps {
  dataSource: DataSource;
  sessions: SessionStarter;
  /** Drops cached misses for the new slug on every node once the tenant exists. */
  resolver: { invalidate(tenantId: string): Promise<void> };
  /**
   * Called inside the transaction after each step. Production passes nothing; tests throw from it
   * to prove that a failure anywhere leaves no row behind.
   */
  afterStep?: (step: OnboardingStep, tenant: Tenant) => Promise<void> | void;
}

export interface OnboardTenantInput {
  slug: string;
  name: string;
  email: string;
  password?: string | undefined;
  displayName?: string | undefined;
  plan?: PlanKey;
  /** The user id of the request's member session, which proves an existing account. */
  sessionUserId?: string | undefined;
  client?: ClientInfo;
}

export interface OnboardTenantResult {
  tenant: Tenant;
  user: User;
  userCreated: boolean;
  session: StartedSession;
}

async function reloadUser(tx: EntityManager, id: string): Promise<User> {
  const user = await tx.getRepository(UserEntity).findOneBy({ id });
  if (!user) throw new AppError('conflict', 'The account was removed meanwhile; retry');
  return user;
}

function slugTaken(slug: string): AppError {
  return new AppError('conflict', `The tenant slug "${slug}" is taken`, {
    details: { field: 'tenantSlug', reason: 'slug_taken' },
  });
}

/**
 * Atomic onboarding: the tenant with its built-in roles and plan, the owner (a new user, or an
 * existing one who proved it is theirs), the owner membership, the `tenant.created` audit entry and
 * the owner's first session — one transaction, so a failure anywhere leaves nothing behind.
 * The tenant's primary host is `<slug>.<base domain>` from the start; custom domains come later.
 */
export async function onboardTenant(
  deps: OnboardTenantDeps,
  input: OnboardTenantInput,
): Promise<OnboardTenantResult> {
  const ds = deps.dataSource;
  const slug = input.slug.trim().toLowerCase();
  const email = input.email.trim().toLowerCase();
  if (!isSlug(slug) || isReservedSlug(slug)) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [{ path: 'body.tenantSlug', message: 'this slug is reserved or malformed' }],
    });
  }
  // Cheap checks first, so a taken slug never costs a password hash or a lockout attempt.
  if (await withGlobal(ds, (tx) => tenantRepository.findBySlug(tx, slug))) throw slugTaken(slug);
  const existing = await withGlobal(ds, (tx) => userRepository.findByEmail(tx, email));
  let passwordHash: string | null = null;
  if (existing) await proveExistingUser(ds, existing, input);
  else passwordHash = await hashPassword(assertNewPassword(input.password));

  let result: OnboardTenantResult;
  try {
    result = await withGlobal(ds, async (tx) => {
      const step = async (name: OnboardingStep, tenant: Tenant) => deps.afterStep?.(name, tenant);
      const tenant = await tenantRepository.insert(tx, {
        slug,
        name: input.name.trim(),
        plan: input.plan ?? 'free',
      });
      await step('tenant', tenant);
      const user = existing
        ? await reloadUser(tx, existing.id)
        : await userRepository.insert(tx, {
            email,
            displayName: input.displayName?.trim() || email.split('@')[0]!,
            passwordHash,
          });
      await step('user', tenant);
      await memberRepository.insert(tx, { tenantId: tenant.id, userId: user.id, role: 'owner' });
      await step('membership', tenant);
      await recordAudit(tx, {
        tenantId: tenant.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenant.id,
        after: {
          slug: tenant.slug,
          name: tenant.name,
          plan: tenant.plan,
          quotas: effectiveQuotas(tenant.plan, tenant.quotas),
          ownerUserId: user.id,
          ownerCreated: !existing,
        },
        actor: { kind: 'user', userId: user.id },
      });
      await step('audit', tenant);
      const session = await deps.sessions.createSession(tx, {
        tenantId: tenant.id,
        userId: user.id,
        ip: input.client?.ip ?? null,
        userAgent: input.client?.userAgent ?? null,
      });
      await recordAudit(tx, {
        tenantId: tenant.id,
        action: 'session.created',
        targetType: 'session',
        targetId: session.sessionId,
        after: { userId: user.id, method: 'signup' },
        actor: { kind: 'user', userId: user.id },
      });
      await step('session', tenant);
      return { tenant, user, userCreated: !existing, session };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_slug_key')) throw slugTaken(slug);
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('conflict', 'This email was registered at the same moment; retry', {
        details: { field: 'email', reason: 'email_taken' },
      });
    }
    throw error;
  }
  await deps.resolver.invalidate(result.tenant.id);
  return result;
}
