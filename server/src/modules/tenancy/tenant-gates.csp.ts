import type { TenantSettings } from './tenant-settings.schema.js';

type CspSettings = NonNullable<TenantSettings['csp']>;

/** Settings key → CSP directive; each lists the tenant's extra sources on top of 'self'. */
const DIRECTIVES: Record<keyof CspSettings, string> = {
  scriptSrc: 'script-src',
  styleSrc: 'style-src',
  imgSrc: 'img-src',
  connectSrc: 'connect-src',
  fontSrc: 'font-src',
  frameSrc: 'frame-src',
  mediaSrc: 'media-src',
};

/** Defence in depth: the settings schema already refuses keywords, quotes, `;` and whitespace. */
const SAFE_SOURCE = /^[a-z0-9*:/.\-_~%?=&+@#[\]]+$/i;

/**
 * The Content-Security-Policy of a tenant's responses: everything from our own origin, plus the
 * sources the tenant allowed per directive; no plugins, no foreign framing, no <base> rewrites.
 */
export function buildTenantCsp(csp: TenantSettings['csp']): string {
  const parts = ["default-src 'self'"];
  for (const [key, directive] of Object.entries(DIRECTIVES) as [keyof CspSettings, string][]) {
    const sources = [...new Set((csp?.[key] ?? []).filter((s) => SAFE_SOURCE.test(s)))];
    if (sources.length > 0) parts.push(`${directive} 'self' ${sources.join(' ')}`);
  }
  parts.push(
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
  );
  return parts.join('; ');
}
