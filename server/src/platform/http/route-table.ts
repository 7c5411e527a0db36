import type { Router } from 'express';

/** One route an express router serves: method and full path pattern (e.g. GET /api/v1/members/:userId). */
export interface RouteInfo {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * Every route reachable through a router, nested routers included. Tests use it to prove that
 * cross-cutting checks (tenant isolation, malformed input) cover every endpoint that exists, so a
 * new endpoint cannot slip past them unnoticed.
 */
export function listRoutes(router: Pick<Router, 'stack'>, prefix = ''): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const layer of router.stack as LayerLike[]) {
    if (layer.route && typeof layer.route.path === 'string') {
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled && method !== '_all') {
          routes.push({ method: method.toUpperCase(), path: joinPath(prefix, layer.route.path) });
        }
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      routes.push(
        ...listRoutes(
          { stack: layer.handle.stack } as Pick<Router, 'stack'>,
          joinPath(prefix, mount),
        ),
      );
    }
  }
  return routes;
}
