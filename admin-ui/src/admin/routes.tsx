import type { ComponentType } from 'react';
import './admin.css';
import { ApiKeysPage } from './ApiKeysPage.js';
import { AuditLogPage } from './AuditLogPage.js';
import { DomainsPage } from './DomainsPage.js';
import { InvitationsPage } from './InvitationsPage.js';
import { MembersPage } from './MembersPage.js';
import { RolesPage } from './RolesPage.js';
import { SettingsPage } from './SettingsPage.js';
import { UsagePage } from './UsagePage.js';
import { WebhooksPage } from './WebhooksPage.js';

/** One administration page, mounted by the shell at `/admin/settings/<path>`. */
export interface AdminRoute {
  path: string;
  label: string;
  /** The permission the page's own list needs; the shell hides pages the member lacks it for. */
  permission?: string;
  Component: ComponentType;
}

/** The administration pages, in navigation order; permissions as the server enforces them. */
export const adminRoutes: AdminRoute[] = [
  { path: 'members', label: 'Members', permission: 'members.read', Component: MembersPage },
  { path: 'roles', label: 'Roles', permission: 'members.read', Component: RolesPage },
  {
    path: 'invitations',
    label: 'Invitations',
    permission: 'invitations.manage',
    Component: InvitationsPage,
  },
  { path: 'api-keys', label: 'API keys', permission: 'apiKeys.manage', Component: ApiKeysPage },
  { path: 'webhooks', label: 'Webhooks', permission: 'webhooks.manage', Component: WebhooksPage },
  { path: 'domains', label: 'Domains', permission: 'domains.manage', Component: DomainsPage },
  // Listed for managers only; a member reaching the page without settings.manage gets a read-only form.
  { path: 'settings', label: 'Settings', permission: 'settings.manage', Component: SettingsPage },
  { path: 'audit-log', label: 'Audit log', permission: 'audit.read', Component: AuditLogPage },
  { path: 'usage', label: 'Usage & quotas', permission: 'settings.manage', Component: UsagePage },
];
