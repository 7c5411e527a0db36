import type { DataSource, EntityManager } from 'typeorm';
import { currentContext } from '../../platform/context.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { recordAudit } from '../audit/index.js';
import { CidrList, parseCidr } from './cidr.js';
import type { PatchTenantBody } from './tenant-settings.input.schema.js';
import { tenantSettingsSchema, type TenantSettings } from './tenant-settings.schema.js';
import { TenantEntity, type Tenant } from './tenant.entity.js';
import type { TenantResolver } from './tenant-resolver.js';

/** The tenant row, locked for the rest of the transaction. */
export async function lockTenant(tx: EntityManager, tenantId: string): Promise<Tenant> {
  const tenant = await tx
    .getRepository(TenantEntity)
    .createQueryBuilder('t')
    .setLock('pessimistic_write')
    .where('t.id = :tenantId', { tenantId })
    .getOne();
  if (!tenant) throw new AppError('not_found', 'No such tenant');
  return tenant;
}

/** The tenant as stored now (not the resolver's cached copy). */
export async function readTenant(dataSource: DataSource, tenantId: string): Promise<Tenant> {
  const tenant = await withTenant(dataSource, tenantId, (tx) =>
    tx.getRepository(TenantEntity).findOneBy({ id: tenantId }),
  );
  if (!tenant) throw new AppError('not_found', 'No such tenant');
  return tenant;
}

function mergeSettings(current: TenantSettings, patch: Record<string, unknown>): TenantSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const settings = parseInput(tenantSettingsSchema, merged, 'body.settings');
  // The schema checks the shape of each entry; the matcher that enforces the list must parse it too.
  settings.ipAllowlist?.forEach((entry, index) => {
    if (!parseCidr(entry)) {
      throw new AppError('validation_failed', 'Invalid request body', {
        details: [
          { path: `body.settings.ipAllowlist.${index}`, message: 'is not a valid CIDR range' },
        ],
      });
    }
  });
  return settings;
}

/** Refuses an allowlist that would stop the very request setting it (the admin's own address). */
function assertNotLockedOut(settings: TenantSettings): void {
  const entries = settings.ipAllowlist;
  if (!entries || entries.length === 0) return;
  const clientIp = currentContext()?.clientIp ?? null;
  if (!CidrList.lenient(entries).contains(clientIp)) {
    throw new AppError(
      'bad_request',
      `This IP allowlist does not include your current address (${clientIp ?? 'unknown'}); ` +
        'saving it would lock you out. Add your address or range first.',
      { details: { reason: 'allowlist_excludes_caller', clientIp } },
    );
  }
}

/**
 * Renames the tenant and/or merges its settings, audited with a before/after diff.
 * `precondition` (If-Match) sees the tenant row locked.
 */
export async function updateTenantSettings(
  deps: { dataSource: DataSource; resolver: TenantResolver },
  tenantId: string,
  patch: PatchTenantBody,
  precondition?: (current: Tenant) => void,
): Promise<Tenant> {
  const updated = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const tenant = await lockTenant(tx, tenantId);
    precondition?.(tenant);
    const before = { name: tenant.name, settings: tenant.settings };
    const settings = patch.settings
      ? mergeSettings(tenant.settings, patch.settings)
      : tenant.settings;
    if (patch.settings && 'ipAllowlist' in patch.settings) assertNotLockedOut(settings);
    const name = patch.name ?? tenant.name;
    await tx.getRepository(TenantEntity).update({ id: tenantId }, { name, settings });
    await recordAudit(tx, {
      tenantId,
      action: 'tenant.settings_updated',
      targetType: 'tenant',
      targetId: tenantId,
      before,
      after: { name, settings },
    });
    return tx.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
  });
  await deps.resolver.invalidate(tenantId);
  return updated;
}
