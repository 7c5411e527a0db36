import type { FolioBranding } from '../app-context.js';

const DEFAULT_BRAND = '#1a73e8';

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
function contrastOn(hex: string): string {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.4 ? '#111111' : '#ffffff';
}

/**
 * Applies the tenant's colour to the page. Set through the CSSOM, which the tenant's CSP
 * (no 'unsafe-inline' styles) allows, unlike a style attribute or a <style> element.
 */
export function applyBranding(branding: FolioBranding | undefined, siteName: string): void {
  const colour = /^#[0-9a-f]{6}$/i.test(branding?.primaryColor ?? '')
    ? branding!.primaryColor!
    : DEFAULT_BRAND;
  const root = document.documentElement.style;
  root.setProperty('--brand', colour);
  root.setProperty('--brand-contrast', contrastOn(colour));
  document.documentElement.dataset.brand = colour.toLowerCase();
  document.title = siteName ? `${siteName} · Folio` : 'Folio';
}

/** A logo URL safe to put in an <img src> (http/https only), or undefined. */
export function safeLogo(branding: FolioBranding | undefined): string | undefined {
  const url = branding?.logoUrl;
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
