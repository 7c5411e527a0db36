import type { DataSource } from 'typeorm';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { recordAudit } from '../../audit/index.js';
import { userRepository } from '../../identity/index.js';
import {
  cursorTimestampSql,
  decodeCursor,
  encodeCursor,
} from '../../../platform/db/keyset-cursor.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { isReservedSlug } from '../reserved-slugs.js';
import { tenantRepository } from '../tenant.repository.js';
import type { TenantResolver } from '../tenant-resolver.js';
import { lockTenant } from '../tenant-settings.service.js';
import { TenantEntity, type Tenant, type TenantStatus } from '../tenant.entity.js';
import { auditTenantState } from './platform-admin.presenter.js';
import type { UpdateTenantBody } from './platform-admin.schema.js';

export interface PlatformTenantsDeps {
  dataSource: DataSource;
  resolver: TenantResolver;
  logger: Logger;
}

/** One page of all tenants, oldest first, keyset on (created_at, id). */
export async function listTenants(
  ds: DataSource,
  query: { limit: number; cursor?: string | undefined; status?: TenantStatus | undefined },
): Promise<{ items: Tenant[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const { entities, raw } = await withGlobal(ds, (tx) => {
    const qb = tx
      .getRepository(TenantEntity)
      .createQueryBuilder('t')
      .addSelect(cursorTimestampSql('t.created_at'), 'cursor_ts');
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (after) {
      qb.andWhere('(t.created_at, t.id) > (:ts::timestamptz, :id::uuid)', {
        ts: after.createdAt,
        id: after.id,
      });
    }
    return qb
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(query.limit + 1)
      .getRawAndEntities<{ cursor_ts: string }>();
  });
  const items = entities.slice(0, query.limit);
  const last = items.at(-1);
  const lastRaw = raw[items.length - 1];
  return {
    items,
    nextCursor:
      entities.length > query.limit && last && lastRaw
        ? encodeCursor({ createdAt: lastRaw.cursor_ts, id: last.id })
        : null,
  };
}

/** A tenant with its built-in roles, and the owner's membership when that user already exists. */
export async function createTenant(
  deps: PlatformTenantsDeps,
  input: { slug: string; name: string; plan?: string | undefined; ownerEmail: string },
): Promise<{ tenant: Tenant; ownerUserId: string | null }> {
  if (isReservedSlug(input.slug)) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [{ path: 'body.slug', message: 'is reserved for the platform' }],
    });
  }
  try {
    return await withGlobal(deps.dataSource, async (tx) => {
      // insert() switches the transaction into the new tenant, so the rows below pass RLS.
      const tenant = await tenantRepository.insert(tx, {
        slug: input.slug,
        name: input.name,
        ...(input.plan ? { plan: input.plan } : {}),
      });
      const owner = await userRepository.findByEmail(tx, input.ownerEmail);
      if (owner) {
        await tenantRepository.upsertMembership(tx, {
          tenantId: tenant.id,
          userId: owner.id,
          role: 'owner',
        });
      }
      await recordAudit(tx, {
        tenantId: tenant.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenant.id,
        after: {
          slug: tenant.slug,
          name: tenant.name,
          ...auditTenantState(tenant),
          ownerUserId: owner?.id ?? null,
        },
      });
      return { tenant, ownerUserId: owner?.id ?? null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'A tenant with this slug already exists', {
        details: { reason: 'slug_taken' },
      });
    }
    throw error;
  }
}

/** Changes platform-controlled fields of a tenant in one audited transaction, then drops caches. */
async function changeTenant(
  deps: PlatformTenantsDeps,
  tenantId: string,
  action: string,
  change: (
    tenant: Tenant,
  ) => Partial<Pick<Tenant, 'status' | 'plan' | 'features' | 'quotas' | 'maintenanceRetryAfter'>>,
): Promise<Tenant> {
  const updated = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const tenant = await lockTenant(tx, tenantId);
    const before = auditTenantState(tenant);
    const next = { ...tenant, ...change(tenant) };
    await tx.getRepository(TenantEntity).update(
      { id: tenantId },
      {
        status: next.status,
        plan: next.plan,
        features: next.features,
        quotas: next.quotas,
        maintenanceRetryAfter: next.maintenanceRetryAfter,
      },
    );
    await recordAudit(tx, {
      tenantId,
      action,
      targetType: 'tenant',
      targetId: tenantId,
      before,
      after: auditTenantState(next),
    });
    return tx.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
  });
  await deps.resolver.invalidate(tenantId);
  return updated;
}

/** Suspends, activates or puts a tenant into maintenance. */
export function setTenantStatus(
  deps: PlatformTenantsDeps,
  tenantId: string,
  status: TenantStatus,
  retryAfterSeconds?: number,
): Promise<Tenant> {
  const action = {
    active: 'tenant.activated',
    suspended: 'tenant.suspended',
    maintenance: 'tenant.maintenance_started',
  }[status];
  return changeTenant(deps, tenantId, action, () => ({
    status,
    ...(retryAfterSeconds === undefined ? {} : { maintenanceRetryAfter: retryAfterSeconds }),
  }));
}

/** Plan, feature flags (merged) and quota overrides (merged; null removes one). */
export function updateTenantPlan(
  deps: PlatformTenantsDeps,
  tenantId: string,
  patch: UpdateTenantBody,
): Promise<Tenant> {
  return changeTenant(deps, tenantId, 'tenant.plan_updated', (tenant) => {
    const quotas: Record<string, number> = { ...tenant.quotas };
    for (const [key, value] of Object.entries(patch.quotas ?? {})) {
      if (value === null || value === undefined) delete quotas[key];
      else quotas[key] = value;
    }
    return {
      ...(patch.plan ? { plan: patch.plan } : {}),
      features: { ...tenant.features, ...patch.features },
      quotas,
    };
  });
}

/**
 * Deletes a tenant and, by cascade, every row it owns. The tenant's own audit log goes with it, so
 * the deletion is recorded in the platform's logs (who, which tenant) instead.
 */
export async function deleteTenant(
  deps: PlatformTenantsDeps,
  tenantId: string,
  confirmSlug: string,
  staffUserId: string,
): Promise<void> {
  const deleted = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const tenant = await lockTenant(tx, tenantId);
    if (tenant.slug !== confirmSlug) {
      throw new AppError('bad_request', 'confirmSlug does not match the tenant slug', {
        details: { reason: 'confirm_slug_mismatch' },
      });
    }
    await tx.getRepository(TenantEntity).delete({ id: tenantId });
    return tenant;
  });
  await deps.resolver.invalidate(tenantId);
  deps.logger.warn(
    { tenantId, slug: deleted.slug, staffUserId, action: 'tenant.deleted' },
    'tenant deleted by platform staff',
  );
}
