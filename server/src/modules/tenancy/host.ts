import { isIP } from 'node:net';

/** What a Host header names, before any database lookup. */
export type ParsedHost =
  | { kind: 'none' }
  | { kind: 'subdomain'; slug: string; host: string }
  | { kind: 'custom'; host: string };

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME =
  /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lower-cases and strips the port; null for a value that is not a host name or address. */
export function normaliseHost(raw: string | undefined): string | null {
  if (!raw) return null;
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(1, end) : null;
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && host.indexOf(':') === colon) host = host.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.length > 0 && host.length <= 253 ? host : null;
}

/**
 * `<slug>.<base domain>` names a tenant by slug; the bare base domain, an IP address or an
 * unparsable host names none (the token's tenant applies there); anything else may be a verified
 * custom domain.
 */
export function parseHost(raw: string | undefined, baseDomain: string): ParsedHost {
  const host = normaliseHost(raw);
  if (!host || isIP(host) !== 0 || host === baseDomain) return { kind: 'none' };
  const suffix = `.${baseDomain}`;
  if (host.endsWith(suffix)) {
    const label = host.slice(0, -suffix.length);
    return SLUG.test(label) ? { kind: 'subdomain', slug: label, host } : { kind: 'none' };
  }
  return HOSTNAME.test(host) ? { kind: 'custom', host } : { kind: 'none' };
}

/** True when value is a syntactically valid tenant slug. */
export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

/** True when value is a syntactically valid host name for a custom domain. */
export function isHostname(value: string): boolean {
  return HOSTNAME.test(value);
}
