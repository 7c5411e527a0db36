import type { DataSource } from 'typeorm';
import type { EventBus } from '../../platform/bus/bus.port.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import type { Logger } from '../../platform/logging/logger.js';
import { DomainEntity } from './domain.entity.js';
import { parseHost } from './host.js';
import { TenantEntity, type Tenant } from './tenant.entity.js';

/** A tenant as a request sees it, with the host its HTML pages should live on. */
export interface ResolvedTenant {
  tenant: Tenant;
  /** The verified primary custom domain, else `<slug>.<base domain>`. */
  primaryHost: string;
}

interface Entry {
  value: ResolvedTenant | null;
  expiresAt: number;
}

/**
 * Host, slug and id → tenant, cached for a short TTL and dropped on every node as soon as a tenant
 * or its domains change (a bus message), so a suspension takes effect fleet-wide at once.
 */
export class TenantResolver {
  private readonly byKey = new Map<string, Entry>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly options: {
      dataSource: DataSource;
      baseDomain: string;
      bus: EventBus;
      channel: string;
      logger: Logger;
      ttlMs?: number;
      maxEntries?: number;
    },
  ) {}

  /** Listens for invalidations from every node. */
  async start(): Promise<void> {
    this.unsubscribe = await this.options.bus.subscribe(this.options.channel, (message) => {
      const payload = message.payload as { tenantId?: unknown };
      if (typeof payload.tenantId === 'string') this.evict(payload.tenantId);
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.byKey.clear();
  }

  /** The tenant a Host header names: undefined when it names none, null when it names an unknown one. */
  async byHost(rawHost: string | undefined): Promise<ResolvedTenant | null | undefined> {
    const parsed = parseHost(rawHost, this.options.baseDomain);
    switch (parsed.kind) {
      case 'none':
        return undefined;
      case 'subdomain':
        return this.bySlug(parsed.slug);
      case 'custom':
        return this.cached(`host:${parsed.host}`, () => this.loadByCustomHost(parsed.host));
      default: {
        const exhaustive: never = parsed;
        return exhaustive;
      }
    }
  }

  bySlug(slug: string): Promise<ResolvedTenant | null> {
    return this.cached(`slug:${slug}`, async () => {
      const tenant = await this.options.dataSource.getRepository(TenantEntity).findOneBy({ slug });
      return tenant ? this.withPrimaryHost(tenant) : null;
    });
  }

  byId(id: string): Promise<ResolvedTenant | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.cached(`id:${id}`, async () => {
      const tenant = await this.options.dataSource.getRepository(TenantEntity).findOneBy({ id });
      return tenant ? this.withPrimaryHost(tenant) : null;
    });
  }

  /** Drops this tenant everywhere: here at once, on other nodes when the bus delivers. */
  async invalidate(tenantId: string): Promise<void> {
    this.evict(tenantId);
    await this.options.bus.publish(this.options.channel, { tenantId }).catch((error: unknown) => {
      this.options.logger.warn(
        { error, tenantId },
        'tenant invalidation not published; other nodes expire it by TTL',
      );
    });
  }

  private evict(tenantId: string): void {
    for (const [key, entry] of this.byKey) {
      if (!entry.value || entry.value.tenant.id === tenantId) this.byKey.delete(key);
    }
  }

  private async cached(
    key: string,
    load: () => Promise<ResolvedTenant | null>,
  ): Promise<ResolvedTenant | null> {
    const hit = this.byKey.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value;
    const value = await load();
    if (this.byKey.size >= (this.options.maxEntries ?? 10_000)) this.byKey.clear();
    // Misses are cached briefly too, so a flood of unknown hosts cannot hammer the database.
    this.byKey.set(key, {
      value,
      expiresAt: Date.now() + (value ? (this.options.ttlMs ?? 30_000) : 2_000),
    });
    return value;
  }

  private async loadByCustomHost(host: string): Promise<ResolvedTenant | null> {
    const domain = await withLookup(this.options.dataSource, 'app.lookup_host', host, (tx) =>
      tx.getRepository(DomainEntity).findOneBy({ host }),
    );
    if (!domain?.verifiedAt) return null;
    const tenant = await this.options.dataSource
      .getRepository(TenantEntity)
      .findOneBy({ id: domain.tenantId });
    return tenant ? this.withPrimaryHost(tenant) : null;
  }

  private async withPrimaryHost(tenant: Tenant): Promise<ResolvedTenant> {
    const primary = await withTenant(this.options.dataSource, tenant.id, (tx) =>
      tx.getRepository(DomainEntity).findOneBy({ tenantId: tenant.id, isPrimary: true }),
    );
    const primaryHost = primary?.verifiedAt
      ? primary.host
      : `${tenant.slug}.${this.options.baseDomain}`;
    return { tenant, primaryHost };
  }
}
