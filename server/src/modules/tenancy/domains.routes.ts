import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { systemTxtResolver, type TxtResolver } from './dns-verifier.js';
import { presentDomain } from './domains.presenter.js';
import {
  addDomainBody,
  decodeHostCursor,
  encodeHostCursor,
  hostParam,
  listDomainsQuery,
} from './domains.schema.js';
import {
  addDomain,
  listDomains,
  removeDomain,
  setPrimaryDomain,
  verifyDomain,
  type DomainsContext,
} from './domains.service.js';
import { tenantSlot } from './tenancy.http.js';
import type { TenantResolver } from './tenant-resolver.js';

export interface DomainsRoutesDeps {
  dataSource: DataSource;
  resolver: TenantResolver;
  config: { FOLIO_BASE_DOMAIN: string };
  /** Where TXT records are looked up; the system resolver when absent. */
  dnsResolver?: TxtResolver;
}

/**
 * `/domains`: a tenant's custom domains (permission `domains.manage`). Adding one answers with the
 * TXT record to publish; verifying checks it; only verified domains route traffic or become primary.
 */
export function domainsRoutes(deps: DomainsRoutesDeps): Router {
  const ctx: DomainsContext = {
    dataSource: deps.dataSource,
    resolver: deps.resolver,
    baseDomain: deps.config.FOLIO_BASE_DOMAIN,
    dns: deps.dnsResolver ?? systemTxtResolver(),
  };
  const router = Router();

  router.get('/domains', async (req, res) => {
    requirePermission(res, 'domains.manage');
    const { tenant } = tenantSlot.require(res);
    const query = parseInput(listDomainsQuery, req.query, 'query');
    const page = await listDomains(ctx.dataSource, tenant.id, {
      limit: query.limit,
      ...(query.cursor ? { after: decodeHostCursor(query.cursor) } : {}),
    });
    const last = page.items.at(-1);
    res.json({
      items: page.items.map(presentDomain),
      nextCursor: page.hasMore && last ? encodeHostCursor(last.host) : null,
    });
  });

  router.post('/domains', async (req, res) => {
    requirePermission(res, 'domains.manage');
    const { tenant } = tenantSlot.require(res);
    const body = parseInput(addDomainBody, req.body);
    const domain = await addDomain(ctx, tenant.id, body.host);
    res.status(201).json(presentDomain(domain));
  });

  router.post('/domains/:host/verify', async (req, res) => {
    requirePermission(res, 'domains.manage');
    const { tenant } = tenantSlot.require(res);
    const domain = await verifyDomain(ctx, tenant.id, hostParam(req.params.host));
    res.json(presentDomain(domain));
  });

  router.post('/domains/:host/primary', async (req, res) => {
    requirePermission(res, 'domains.manage');
    const { tenant } = tenantSlot.require(res);
    const domain = await setPrimaryDomain(ctx, tenant.id, hostParam(req.params.host));
    res.json(presentDomain(domain));
  });

  router.delete('/domains/:host', async (req, res) => {
    requirePermission(res, 'domains.manage');
    const { tenant } = tenantSlot.require(res);
    await removeDomain(ctx, tenant.id, hostParam(req.params.host));
    res.status(204).end();
  });

  return router;
}
