import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { TenantSettings } from './tenant-settings.schema.js';

/** What a system page (suspended, maintenance, forbidden, unknown site) shows. */
export interface BrandedPage {
  status: number;
  title: string;
  message: string;
  /** The tenant whose branding the page wears; Folio's own when absent (an unknown host). */
  tenant?: { name: string; settings: TenantSettings } | null;
  /** Seconds until a retry makes sense (maintenance). */
  retryAfterSeconds?: number;
}

const DEFAULT_COLOR = '#1a73e8';
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]!);
}

/** An http(s) URL, or null: settings are validated on write, but a page never trusts stored data. */
function safeUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function safeColor(value: string | undefined): string {
  return value && /^#[0-9a-f]{6}$/i.test(value) ? value : DEFAULT_COLOR;
}

function supportHtml(settings: TenantSettings | undefined): string {
  const email = settings?.supportContact?.email;
  const url = safeUrl(settings?.supportContact?.url);
  const links: string[] = [];
  if (email && /^[^\s@<>"']+@[^\s@<>"']+$/.test(email)) {
    links.push(`<a href="mailto:${escapeHtml(email)}">${escapeHtml(email)}</a>`);
  }
  if (url) {
    links.push(
      `<a href="${escapeHtml(url.href)}" rel="noopener noreferrer">${escapeHtml(url.href)}</a>`,
    );
  }
  return links.length > 0 ? `<p class="support">Need help? Contact ${links.join(' or ')}.</p>` : '';
}

/**
 * Renders a self-contained system page. Everything tenant-controlled is escaped; the page carries
 * its own strict Content-Security-Policy (inline style by nonce, images only from the logo's
 * origin), so even a stored value that slipped past validation cannot run script.
 */
export function renderBrandedPage(page: BrandedPage): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const settings = page.tenant?.settings;
  const siteName = page.tenant?.name ?? 'Folio';
  const color = safeColor(settings?.branding?.primaryColor);
  const logo = safeUrl(settings?.branding?.logoUrl);
  const brand = logo
    ? `<img class="logo" src="${escapeHtml(logo.href)}" alt="${escapeHtml(siteName)}">`
    : `<div class="name">${escapeHtml(siteName)}</div>`;
  const retry =
    page.retryAfterSeconds === undefined
      ? ''
      : `<p class="retry">Please try again in about ${Math.max(1, Math.ceil(page.retryAfterSeconds / 60))} minute(s).</p>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · ${escapeHtml(siteName)}</title>
<style nonce="${nonce}">
:root { --brand: ${color}; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
main { max-width: 36rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 8px;
  border-top: 6px solid var(--brand); box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.logo { max-height: 48px; max-width: 200px; }
.name { font-weight: 600; color: var(--brand); font-size: 1.25rem; }
h1 { font-size: 1.5rem; margin: 1.5rem 0 .5rem; }
a { color: var(--brand); }
.status { color: #656d76; font-size: .875rem; }
</style>
</head>
<body>
<main>
<header>${brand}</header>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${retry}
${supportHtml(settings)}
<p class="status">Error ${page.status}</p>
</main>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `img-src ${logo ? logo.origin : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

/** True when the client would rather read HTML than JSON (a browser navigating). */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

/** Sends a branded page with its own CSP; never cached, since the tenant's state can change any time. */
export function sendBrandedPage(res: Response, page: BrandedPage): void {
  const { html, csp } = renderBrandedPage(page);
  res.status(page.status);
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Cache-Control', 'no-store');
  if (page.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(page.retryAfterSeconds));
  }
  res.type('html').send(html);
}
