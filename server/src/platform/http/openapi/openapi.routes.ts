import { Router } from 'express';
import { renderDocsPage } from './docs-page.js';

/** What the OpenAPI routes serve: the document, built on first request and then kept. */
export interface OpenApiRouteDeps {
  readonly title: string;
  readonly build: () => Record<string, unknown>;
}

/**
 * `GET /openapi.json` and `GET /docs`, public. Mounted before tenant resolution and
 * authentication, so neither credentials nor a tenant are needed. The document is generated once
 * per process: it depends only on the code, never on the request.
 */
export function openApiRoutes(deps: OpenApiRouteDeps): Router {
  const router = Router();
  let cached: string | null = null;
  const page = renderDocsPage(deps.title);
  router.get('/openapi.json', (_req, res) => {
    cached ??= JSON.stringify(deps.build());
    res.type('application/json').set('Cache-Control', 'public, max-age=300').send(cached);
  });
  router.get('/docs', (_req, res) => {
    // The page's inline script and style are the only ones it may run; it fetches same-origin.
    res
      .type('html')
      .set(
        'Content-Security-Policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      )
      .send(page);
  });
  return router;
}
