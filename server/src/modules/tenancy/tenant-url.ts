/** How links to a tenant's pages are built: the scheme (and port) of FOLIO_PUBLIC_URL, the tenant's own host. */
export interface TenantUrlOptions {
  /** FOLIO_PUBLIC_URL, when set: its scheme and explicit port apply to every tenant host. */
  publicUrl?: string | undefined;
  /** The port this node listens on, used when no public URL is configured (0 and 80 are left out). */
  port?: number | undefined;
}

/** The base URL of a tenant, e.g. `https://acme.folio.example` or `http://acme.localhost:7410`. */
export function tenantBaseUrl(primaryHost: string, options: TenantUrlOptions): string {
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    return `${url.protocol}//${primaryHost}${url.port ? `:${url.port}` : ''}`;
  }
  const port = options.port && options.port !== 80 ? `:${options.port}` : '';
  return `http://${primaryHost}${port}`;
}
