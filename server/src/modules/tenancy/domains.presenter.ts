import { verificationRecord } from './dns-verifier.js';
import type { Domain } from './domain.entity.js';

/** The public JSON of a domain, with the TXT record that verifies it. */
export function presentDomain(domain: Domain): {
  host: string;
  isPrimary: boolean;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
  verification: { type: 'TXT'; name: string; value: string };
} {
  return {
    host: domain.host,
    isPrimary: domain.isPrimary,
    verified: domain.verifiedAt !== null,
    verifiedAt: domain.verifiedAt?.toISOString() ?? null,
    createdAt: domain.createdAt.toISOString(),
    // The token is no secret from the tenant: it is meant to be published in public DNS.
    verification: verificationRecord(domain.host, domain.verificationToken),
  };
}

/** The audit view of a domain (the token stays out of the log). */
export function auditDomain(domain: Domain): Record<string, unknown> {
  return {
    host: domain.host,
    isPrimary: domain.isPrimary,
    verifiedAt: domain.verifiedAt?.toISOString() ?? null,
  };
}
