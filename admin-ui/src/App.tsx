import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApi } from './api.js';
import {
  FolioProvider,
  type FolioClient,
  type FolioContextValue,
  type FolioMe,
  type FolioTenant,
} from './app-context.js';
import { createClient, loadHostInfo, type HostInfo } from './folio.js';
import { Router } from './router.js';
import { applyBranding } from './shell/branding.js';
import { Shell } from './shell/Shell.js';
import { SignIn } from './signin/SignIn.js';

type Phase =
  | { kind: 'booting' }
  | { kind: 'signed-out'; host: HostInfo; folio: FolioClient | null }
  | { kind: 'signed-in'; host: HostInfo; folio: FolioClient; me: FolioMe; tenant: FolioTenant };

interface TenantBody {
  id: string;
  slug: string;
  name: string;
  settings?: { branding?: FolioTenant['branding'] };
}

async function loadSession(folio: FolioClient): Promise<{ me: FolioMe; tenant: FolioTenant }> {
  const me = (await folio.auth.me()) as unknown as FolioMe;
  const body = await createApi(folio).get<TenantBody>('/api/v1/tenant');
  const tenant: FolioTenant = {
    id: body.id,
    slug: body.slug,
    name: body.name,
    branding: body.settings?.branding ?? {},
    raw: body,
  };
  return { me, tenant };
}

/** The whole UI: boots from the host's tenant, restores a stored session, else shows sign-in. */
export function App(): ReactNode {
  const [phase, setPhase] = useState<Phase>({ kind: 'booting' });

  const signedIn = useCallback(async (host: HostInfo, folio: FolioClient) => {
    const { me, tenant } = await loadSession(folio);
    applyBranding(tenant.branding, tenant.name);
    setPhase({ kind: 'signed-in', host, folio, me, tenant });
  }, []);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const host = await loadHostInfo();
      applyBranding(host.branding, host.tenant?.name ?? '');
      const folio = host.tenant ? createClient(undefined) : null;
      if (folio && (await hasStoredSession(folio))) {
        try {
          if (!cancelled) await signedIn(host, folio);
          return;
        } catch {
          // The stored session ended (logout elsewhere, revoked): sign in again.
        }
      }
      if (!cancelled) setPhase({ kind: 'signed-out', host, folio });
    })();
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  const folio = phase.kind === 'booting' ? null : phase.folio;
  useEffect(() => {
    if (!folio) return;
    return folio.auth.onChange((state) => {
      if (state.status === 'signed-out') {
        setPhase((p) => (p.kind === 'signed-in' ? { kind: 'signed-out', host: p.host, folio } : p));
      }
    });
  }, [folio]);

  const refresh = useCallback(async () => {
    if (phase.kind !== 'signed-in') return;
    await signedIn(phase.host, phase.folio);
  }, [phase, signedIn]);

  const value = useMemo<FolioContextValue | null>(
    () =>
      phase.kind === 'signed-in'
        ? {
            folio: phase.folio,
            api: createApi(phase.folio),
            me: phase.me,
            tenant: phase.tenant,
            permissions: new Set(phase.me.permissions),
            refresh,
          }
        : null,
    [phase, refresh],
  );

  if (phase.kind === 'booting') {
    return (
      <div className="signin" aria-busy="true">
        <span className="spinner" aria-label="Loading" />
      </div>
    );
  }
  if (phase.kind === 'signed-out' || !value) {
    return (
      <SignIn
        host={phase.host}
        folio={phase.folio}
        onSignedIn={(client) => signedIn(phase.host, client)}
      />
    );
  }
  return (
    <FolioProvider value={value}>
      <Router>
        <Shell />
      </Router>
    </FolioProvider>
  );
}

/** Whether the token store holds a session worth trying (no request is made without one). */
async function hasStoredSession(folio: FolioClient): Promise<boolean> {
  try {
    await folio.auth.getAccessToken();
    return true;
  } catch {
    return false;
  }
}
