import { createContext, useContext, type ReactNode } from 'react';
import type { createFolioClient } from '@folio/client-sdk';
import type { Api } from './api.js';

/** The SDK client the whole UI shares (one per tab, bound to the tenant host it was served from). */
export type FolioClient = ReturnType<typeof createFolioClient>;

/** The signed-in member as `GET /api/v1/auth/me` describes them. */
export interface FolioMe {
  user: { id: string; email: string; displayName: string };
  tenant: { id: string; slug: string; name: string };
  role: string;
  permissions: string[];
  mfaEnabled?: boolean;
  sessionId?: string;
  isStaff?: boolean;
}

/** Tenant branding from `GET /api/v1/tenant` (`settings.branding`); every field optional. */
export interface FolioBranding {
  logoUrl?: string;
  primaryColor?: string;
}

/** The request's tenant: its summary plus the settings the shell applies (branding). */
export interface FolioTenant {
  id: string;
  slug: string;
  name: string;
  branding: FolioBranding;
  /** The full `GET /api/v1/tenant` body, for pages that need more than the summary. */
  raw?: unknown;
}

/** What every signed-in page reads through `useFolio()`. */
export interface FolioContextValue {
  folio: FolioClient;
  /** `folio.rest` with the response type stated at the call site (see api.ts). */
  api: Api;
  me: FolioMe;
  tenant: FolioTenant;
  /** The member's permission keys (`documents.write`, `members.manage`, …). */
  permissions: Set<string>;
  /** Re-reads `/auth/me` and `/tenant` (after a settings change, for example: branding applies at once). */
  refresh: () => Promise<void>;
}

const FolioContext = createContext<FolioContextValue | null>(null);

/** Provides the signed-in context to the pages under it (the shell mounts it after sign-in). */
export function FolioProvider(props: { value: FolioContextValue; children: ReactNode }): ReactNode {
  return <FolioContext.Provider value={props.value}>{props.children}</FolioContext.Provider>;
}

/** The signed-in context; throws when used outside the signed-in shell (a programming error). */
export function useFolio(): FolioContextValue {
  const value = useContext(FolioContext);
  if (!value) throw new Error('useFolio() used outside <FolioProvider>');
  return value;
}

/** Whether the signed-in member holds `permission` (undefined means "no permission needed"). */
export function useCan(permission: string | undefined): boolean {
  const { permissions } = useFolio();
  return permission === undefined || permissions.has(permission);
}
