import type { Permission } from './permissions.js';

/**
 * Who is making a request, already authenticated and resolved against one tenant. Everything the
 * policy layer needs is here, so `can()` is a pure function.
 */
export type Principal =
  | {
      kind: 'member';
      tenantId: string;
      userId: string;
      sessionId: string | null;
      roleKey: string;
      permissions: ReadonlySet<Permission>;
      isStaff: boolean;
    }
  | {
      kind: 'apiKey';
      tenantId: string;
      apiKeyId: string;
      permissions: ReadonlySet<Permission>;
    };
