/** Response bodies of the administration routes (docs/api.md, docs/api-webhooks.md). */

/** A cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  joinedAt: string;
}

export interface Role {
  key: string;
  name: string;
  permissions: string[];
  isBuiltin: boolean;
  memberCount?: number;
  createdAt: string;
  updatedAt: string;
}

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

export interface Invitation {
  id: string;
  email: string;
  role: string;
  status: InvitationStatus;
  invitedBy: string | null;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedBy: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The create and resend answers: the one-time link, shown once. */
export interface IssuedInvitation {
  invitation: Invitation;
  token: string;
  acceptUrl: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  isActive: boolean;
  debounceMs: number;
  secrets: { id: string; createdAt: string }[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** The create and rotate answers carry the new secret's value, this once. */
export type WebhookWithSecret = WebhookEndpoint & { secret: { id: string; value: string } };

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  documentId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface DeliveryDetail extends Delivery {
  responseExcerpt: string | null;
  attemptLog: {
    attempt: number;
    at: string;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
  }[];
  requestBody: unknown;
}

export interface Domain {
  host: string;
  isPrimary: boolean;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
  verification: { type: 'TXT'; name: string; value: string };
}

export type CspDirective =
  'imgSrc' | 'connectSrc' | 'scriptSrc' | 'styleSrc' | 'fontSrc' | 'frameSrc' | 'mediaSrc';

export interface TenantSettings {
  branding?: { logoUrl?: string; primaryColor?: string };
  supportContact?: { email?: string; url?: string };
  csp?: Partial<Record<CspDirective, string[]>>;
  ipAllowlist?: string[];
  workflow?: { staleApprovals?: 'block' | 'allow' };
}

export type Quotas = Record<string, number>;

/** `GET /api/v1/tenant` */
export interface TenantView {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended' | 'maintenance';
  plan: string;
  features: Record<string, boolean | undefined>;
  settings: TenantSettings;
  quotas: Quotas;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string | null };
  action: string;
  target: { type: string | null; id: string | null };
  before: unknown;
  after: unknown;
  diff: unknown;
  ip: string | null;
  requestId: string | null;
}

/** A counted quantity against its plan limit; `limit` is null where no plan limits it. */
export interface Meter {
  used: number;
  limit: number | null;
}

/** One UTC day of activity (server/src/modules/usage/usage.schema.ts). */
export interface UsageDay {
  date: string;
  documentsCreated: number;
  versionsCreated: number;
  commentsPosted: number;
  auditEntries: number;
  webhookDeliveries: number;
}

/** `GET /api/v1/usage?days=` */
export interface UsageReport {
  plan: string;
  measuredAt: string;
  meters: Record<'documents' | 'members' | 'storageBytes' | 'apiKeys' | 'webhooks', Meter>;
  rateLimits: { apiRequestsPerMinute: number; documentBytes: number };
  details: {
    pendingInvitations: number;
    activeWebhooks: number;
    storage: { collabUpdates: number; collabSnapshots: number; versions: number };
  };
  daily: { from: string; to: string; days: UsageDay[] };
}
