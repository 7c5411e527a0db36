import type { DataSource, EntityManager } from 'typeorm';
import { randomToken } from '../../platform/crypto/secret-box.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { checkTxtVerification, verificationRecord, type TxtResolver } from './dns-verifier.js';
import { DomainEntity, type Domain } from './domain.entity.js';
import { auditDomain } from './domains.presenter.js';
import type { TenantResolver } from './tenant-resolver.js';

/** What the domain commands work with. */
export interface DomainsContext {
  dataSource: DataSource;
  resolver: TenantResolver;
  baseDomain: string;
  dns: TxtResolver;
}

const hostTaken = () =>
  new AppError('conflict', 'This host is already in use', { details: { reason: 'host_taken' } });

async function loadOwn(tx: EntityManager, tenantId: string, host: string): Promise<Domain> {
  const domain = await tx
    .getRepository(DomainEntity)
    .createQueryBuilder('d')
    .setLock('pessimistic_write')
    .where('d.tenant_id = :tenantId AND d.host = :host', { tenantId, host })
    .getOne();
  if (!domain) throw new AppError('not_found', 'No such domain');
  return domain;
}

/** Hosts under the base domain are the platform's (`<slug>.<base>`), never a tenant's custom domain. */
function isPlatformHost(host: string, baseDomain: string): boolean {
  return host === baseDomain || host.endsWith(`.${baseDomain}`);
}

/** One page of the tenant's domains, ordered by host. */
export async function listDomains(
  dataSource: DataSource,
  tenantId: string,
  page: { limit: number; after?: string },
): Promise<{ items: Domain[]; hasMore: boolean }> {
  const rows = await withTenant(dataSource, tenantId, (tx) => {
    const qb = tx
      .getRepository(DomainEntity)
      .createQueryBuilder('d')
      .where('d.tenant_id = :tenantId', { tenantId });
    if (page.after) qb.andWhere('d.host > :after', { after: page.after });
    return qb
      .orderBy('d.host', 'ASC')
      .limit(page.limit + 1)
      .getMany();
  });
  return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/**
 * Adds an unverified domain. A host another tenant has verified is a 409 that names no tenant; an
 * unverified claim elsewhere blocks nothing (whoever proves DNS control first wins).
 */
export async function addDomain(
  ctx: DomainsContext,
  tenantId: string,
  host: string,
): Promise<Domain> {
  if (isPlatformHost(host, ctx.baseDomain)) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [
        { path: 'body.host', message: `hosts under ${ctx.baseDomain} cannot be custom domains` },
      ],
    });
  }
  const verifiedOwner = await withLookup(ctx.dataSource, 'app.lookup_host', host, (tx) =>
    tx.getRepository(DomainEntity).findOneBy({ host }),
  );
  if (verifiedOwner && verifiedOwner.tenantId !== tenantId) throw hostTaken();
  let domain: Domain;
  try {
    domain = await withTenant(ctx.dataSource, tenantId, async (tx) => {
      const repo = tx.getRepository(DomainEntity);
      if (await repo.existsBy({ tenantId, host })) {
        throw new AppError('conflict', 'This domain was already added', {
          details: { reason: 'domain_exists' },
        });
      }
      const created = await repo.save(
        repo.create({ tenantId, host, isPrimary: false, verificationToken: randomToken(24) }),
      );
      await recordAudit(tx, {
        tenantId,
        action: 'domain.added',
        targetType: 'domain',
        targetId: host,
        after: auditDomain(created),
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw hostTaken();
    throw error;
  }
  await ctx.resolver.invalidate(tenantId);
  return domain;
}

/** Checks the TXT record and marks the domain verified; only verified domains route traffic. */
export async function verifyDomain(
  ctx: DomainsContext,
  tenantId: string,
  host: string,
): Promise<Domain> {
  const pending = await withTenant(ctx.dataSource, tenantId, (tx) =>
    tx.getRepository(DomainEntity).findOneBy({ tenantId, host }),
  );
  if (!pending) throw new AppError('not_found', 'No such domain');
  if (pending.verifiedAt) return pending;
  // DNS is asked outside any transaction: a slow resolver must not hold a connection.
  const check = await checkTxtVerification(ctx.dns, host, pending.verificationToken);
  if (check !== 'verified') {
    const record = verificationRecord(host, pending.verificationToken);
    throw new AppError(
      'bad_request',
      check === 'missing'
        ? `No TXT record ${record.value} found at ${record.name}`
        : `The TXT record at ${record.name} does not match ${record.value}`,
      { details: { reason: `dns_record_${check}`, record } },
    );
  }
  let verified: Domain;
  try {
    verified = await withTenant(ctx.dataSource, tenantId, async (tx) => {
      const domain = await loadOwn(tx, tenantId, host);
      if (domain.verifiedAt) return domain;
      // Removed and re-added while DNS was asked: the new token has not been checked.
      if (domain.verificationToken !== pending.verificationToken) {
        throw new AppError('conflict', 'The domain changed during verification; try again');
      }
      const before = auditDomain(domain);
      domain.verifiedAt = new Date();
      await tx
        .getRepository(DomainEntity)
        .update({ tenantId, host }, { verifiedAt: domain.verifiedAt });
      await recordAudit(tx, {
        tenantId,
        action: 'domain.verified',
        targetType: 'domain',
        targetId: host,
        before,
        after: auditDomain(domain),
      });
      return domain;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw hostTaken();
    throw error;
  }
  await ctx.resolver.invalidate(tenantId);
  return verified;
}

/** Makes a verified domain the primary one: HTML requests on every other host are sent there. */
export async function setPrimaryDomain(
  ctx: DomainsContext,
  tenantId: string,
  host: string,
): Promise<Domain> {
  const domain = await withTenant(ctx.dataSource, tenantId, async (tx) => {
    const target = await loadOwn(tx, tenantId, host);
    if (!target.verifiedAt) {
      throw new AppError('conflict', 'Only a verified domain can be primary', {
        details: { reason: 'domain_not_verified' },
      });
    }
    if (target.isPrimary) return target;
    const repo = tx.getRepository(DomainEntity);
    const previous = await repo.findOneBy({ tenantId, isPrimary: true });
    // The old primary is cleared first: at most one primary per tenant is a unique index.
    await repo.update({ tenantId, isPrimary: true }, { isPrimary: false });
    await repo.update({ tenantId, host }, { isPrimary: true });
    target.isPrimary = true;
    await recordAudit(tx, {
      tenantId,
      action: 'domain.primary_set',
      targetType: 'domain',
      targetId: host,
      before: { primaryHost: previous?.host ?? null },
      after: { primaryHost: host },
    });
    return target;
  });
  await ctx.resolver.invalidate(tenantId);
  return domain;
}

/** Removes a domain; when it was primary, the tenant's pages move back to `<slug>.<base>`. */
export async function removeDomain(
  ctx: DomainsContext,
  tenantId: string,
  host: string,
): Promise<void> {
  await withTenant(ctx.dataSource, tenantId, async (tx) => {
    const domain = await loadOwn(tx, tenantId, host);
    if (isPlatformHost(host, ctx.baseDomain)) {
      throw new AppError('conflict', 'This host is managed by the platform', {
        details: { reason: 'managed_domain' },
      });
    }
    await tx.getRepository(DomainEntity).delete({ tenantId, host });
    await recordAudit(tx, {
      tenantId,
      action: 'domain.removed',
      targetType: 'domain',
      targetId: host,
      before: auditDomain(domain),
    });
  });
  await ctx.resolver.invalidate(tenantId);
}
