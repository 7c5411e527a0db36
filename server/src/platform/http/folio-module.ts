import type { Server } from 'node:http';
import type { Router } from 'express';
import type { UpgradeOwner } from './upgrade-guard.js';

/** A router a module mounts under `/api/v1` (after tenant resolution and authentication). */
export interface ApiMount {
  /** Relative to `/api/v1`, Express syntax: `/documents/:documentId/versions`. */
  readonly path: string;
  readonly router: Router;
}

/**
 * What a feature module hands the composition root: its REST routers and the background work it
 * starts once the node listens (and stops, in reverse order, on shutdown).
 */
export interface FolioModule {
  readonly name: string;
  readonly routes: readonly ApiMount[];
  /** Routers mounted at the root (outside `/api/v1`), e.g. `/graphql`. */
  readonly rootRoutes?: readonly ApiMount[];
  /** Called once the HTTP server exists (websocket upgrades, e.g. graphql-ws). */
  attach?(server: Server): Promise<void> | void;
  /** Which websocket upgrades its `attach` answers; the node refuses the ones nobody owns. */
  readonly ownsUpgrade?: UpgradeOwner;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}
