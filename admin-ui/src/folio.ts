import { createFolioClient, localStorageTokenStore } from '@folio/client-sdk';
import type { FolioBranding, FolioClient } from './app-context.js';

/** What the server says about the host before anyone signs in (`GET /admin/tenant.json`). */
export interface HostInfo {
  /** The tenant the host names; null on a shared host (the sign-in form then asks for one). */
  tenant: { slug: string; name: string } | null;
  branding: FolioBranding;
}

/** Reads the host's tenant and branding; a failure leaves the sign-in page unbranded. */
export async function loadHostInfo(): Promise<HostInfo> {
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}tenant.json`, {
      headers: { accept: 'application/json' },
    });
    if (res.ok) return (await res.json()) as HostInfo;
  } catch {
    // Offline or the server is restarting: sign-in still works once it answers.
  }
  return { tenant: null, branding: {} };
}

/**
 * The page's one SDK client, talking to the origin that served the page. On a shared host the
 * tenant the user typed is sent as X-Folio-Tenant; tokens are kept in localStorage per tenant.
 */
export function createClient(tenantSlug: string | undefined): FolioClient {
  return createFolioClient({
    baseUrl: window.location.origin,
    ...(tenantSlug ? { tenant: tenantSlug } : {}),
    tokenStore: localStorageTokenStore(),
  });
}
