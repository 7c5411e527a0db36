import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import type { Config } from '../config/config.js';
import { AppError } from '../platform/errors.js';
import {
  prefersHtml,
  sendBrandedPage,
  tenantPagesMiddleware,
  tenantSlot,
  type TenantResolver,
} from '../modules/tenancy/index.js';

/** Where the admin UI is mounted; the Vite build uses the same base. */
export const ADMIN_UI_PATH = '/admin';

export interface AdminUiDeps {
  config: Pick<Config, 'FOLIO_TRUSTED_PROXIES'>;
  resolver: TenantResolver;
  /** The Vite build output; found from this file's location when absent. */
  distDir?: string;
}

/**
 * The repository's `admin-ui/dist`, found by walking up from this module: the same code runs from
 * `server/src/app` (tests) and from `server/dist/server/src/app` (compiled).
 */
function defaultDistDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    if (existsSync(join(dir, 'admin-ui', 'package.json'))) return join(dir, 'admin-ui', 'dist');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(process.cwd(), 'admin-ui', 'dist');
}

function notBuilt(res: Response, wantsHtml: boolean): void {
  if (wantsHtml) {
    sendBrandedPage(res, {
      status: 503,
      title: 'Admin UI not built',
      message: 'The admin UI has not been built on this server. Run `npm run build` and reload.',
      tenant: null,
    });
    return;
  }
  throw new AppError('unavailable', 'The admin UI is not built: run `npm run build`', {
    expose: true,
  });
}

/**
 * `/admin`: the admin UI's static build behind the tenant's page gates (its CSP, suspension, IP
 * allowlist, maintenance). Hashed assets are cached forever; `index.html` answers every client
 * route and is always revalidated, so a deploy is picked up on the next navigation.
 * `GET /admin/tenant.json` tells the sign-in page whose host it is on (name and branding are
 * public already: the tenant's branded error pages show them).
 */
export function adminUiRoutes(deps: AdminUiDeps): Router {
  const distDir = deps.distDir ?? defaultDistDir();
  const indexFile = join(distDir, 'index.html');
  const router = Router();
  router.use(tenantPagesMiddleware(deps));

  router.get('/tenant.json', (_req, res) => {
    const tenant = tenantSlot.get(res)?.tenant;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      tenant: tenant ? { slug: tenant.slug, name: tenant.name } : null,
      branding: tenant?.settings.branding ?? {},
    });
  });

  router.use(
    '/assets',
    express.static(join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    }),
  );
  // A missing hashed asset is a 404, never index.html (a stale tab asking for an old chunk).
  router.use('/assets', (_req, _res, next) => next(new AppError('not_found', 'No such asset')));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));

  router.get(/.*/, async (req, res) => {
    // Without the trailing slash, relative URLs in the page would resolve against the root.
    if (req.originalUrl.split('?')[0] === ADMIN_UI_PATH) {
      res.redirect(301, `${ADMIN_UI_PATH}/`);
      return;
    }
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      notBuilt(res, prefersHtml(req));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  });
  return router;
}
