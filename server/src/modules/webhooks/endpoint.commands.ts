/**
 * Changing endpoints: create, update, delete, rotate and revoke secrets. Each runs in one
 * transaction with its audit event; URLs pass the SSRF checks before anything is stored.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../events/index.js';
import { endpointRepository, type EndpointRecord } from './endpoint.repository.js';
import { TargetRefused, vetTarget } from './target-guard.js';
import { generateSecret, rotateSecrets } from './webhook-secrets.js';
import type { CreateWebhookBody, UpdateWebhookBody } from './webhooks.schema.js';

/** What endpoint commands need. */
export interface EndpointCommandDeps {
  readonly dataSource: DataSource;
  readonly secrets: SecretBox;
  readonly config: { readonly WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean };
}

/** The endpoint a command acts on, with the revision the caller saw (If-Match) when given. */
export interface EndpointRef {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly expectedRevisions?: number[] | null;
}

/** 400 `validation_failed` naming why the URL may not be called. */
async function assertTargetAllowed(deps: EndpointCommandDeps, url: string): Promise<void> {
  try {
    await vetTarget(url, { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS });
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error;
    throw new AppError('validation_failed', `Webhook URL refused: ${error.reason}`, {
      details: [{ path: 'body.url', message: error.reason }],
    });
  }
}

async function lockEndpoint(tx: EntityManager, ref: EndpointRef): Promise<EndpointRecord> {
  const endpoint = await endpointRepository.find(tx, ref.tenantId, ref.endpointId, { lock: true });
  if (!endpoint) throw new AppError('not_found', 'No such webhook');
  if (ref.expectedRevisions && !ref.expectedRevisions.includes(endpoint.revision)) {
    throw new AppError('precondition_failed', 'The webhook changed since you read it', {
      details: { revision: endpoint.revision },
    });
  }
  return endpoint;
}

function auditEvent(endpoint: EndpointRecord, type: string, payload: Record<string, unknown> = {}) {
  return {
    tenantId: endpoint.tenantId,
    type,
    target: { type: 'webhook', id: endpoint.id },
    payload: { url: endpoint.url, ...payload },
  };
}

/** Creates an endpoint with its first secret; the secret's plaintext is returned this once. */
export async function createEndpoint(
  deps: EndpointCommandDeps,
  input: { tenantId: string; createdBy: string | null; body: CreateWebhookBody },
): Promise<{ endpoint: EndpointRecord; secret: { id: string; value: string } }> {
  await assertTargetAllowed(deps, input.body.url);
  const secret = generateSecret(deps.secrets);
  const endpoint = await withTenant(deps.dataSource, input.tenantId, async (tx) => {
    const created = await endpointRepository.insert(tx, {
      tenantId: input.tenantId,
      createdBy: input.createdBy,
      secrets: [secret.stored],
      ...input.body,
    });
    await recordEvent(
      tx,
      auditEvent(created, 'webhook.created', { eventTypes: created.eventTypes }),
    );
    return created;
  });
  return { endpoint, secret: { id: secret.stored.id, value: secret.plaintext } };
}

/** Changes an endpoint's settings (412 when If-Match names another revision). */
export async function updateEndpoint(
  deps: EndpointCommandDeps,
  ref: EndpointRef,
  changes: UpdateWebhookBody,
): Promise<EndpointRecord> {
  if (changes.url !== undefined) await assertTargetAllowed(deps, changes.url);
  return withTenant(deps.dataSource, ref.tenantId, async (tx) => {
    const endpoint = await lockEndpoint(tx, ref);
    const updated = await endpointRepository.update(tx, endpoint, changes);
    await recordEvent(
      tx,
      auditEvent(updated, 'webhook.updated', { changed: Object.keys(changes) }),
    );
    return updated;
  });
}

/** Deletes an endpoint and its delivery log. */
export async function deleteEndpoint(deps: EndpointCommandDeps, ref: EndpointRef): Promise<void> {
  await withTenant(deps.dataSource, ref.tenantId, async (tx) => {
    const endpoint = await lockEndpoint(tx, ref);
    await endpointRepository.remove(tx, ref.tenantId, endpoint.id);
    await recordEvent(tx, auditEvent(endpoint, 'webhook.deleted'));
  });
}

/** Adds a secret (returned this once); the oldest is dropped beyond two. */
export async function rotateSecret(
  deps: EndpointCommandDeps,
  ref: EndpointRef,
): Promise<{ endpoint: EndpointRecord; secret: { id: string; value: string } }> {
  const secret = generateSecret(deps.secrets);
  const endpoint = await withTenant(deps.dataSource, ref.tenantId, async (tx) => {
    const current = await lockEndpoint(tx, ref);
    const updated = await endpointRepository.update(tx, current, {
      secrets: rotateSecrets(current.secrets, secret.stored),
    });
    await recordEvent(
      tx,
      auditEvent(updated, 'webhook.secret_rotated', { secretId: secret.stored.id }),
    );
    return updated;
  });
  return { endpoint, secret: { id: secret.stored.id, value: secret.plaintext } };
}

/** Removes one secret; the last one cannot be removed (409), rotate instead. */
export async function revokeSecret(
  deps: EndpointCommandDeps,
  ref: EndpointRef & { secretId: string },
): Promise<EndpointRecord> {
  return withTenant(deps.dataSource, ref.tenantId, async (tx) => {
    const current = await lockEndpoint(tx, ref);
    if (!current.secrets.some((s) => s.id === ref.secretId))
      throw new AppError('not_found', 'No such secret');
    if (current.secrets.length === 1)
      throw new AppError('conflict', 'An endpoint keeps at least one secret; rotate it instead');
    const updated = await endpointRepository.update(tx, current, {
      secrets: current.secrets.filter((s) => s.id !== ref.secretId),
    });
    await recordEvent(
      tx,
      auditEvent(updated, 'webhook.secret_revoked', { secretId: ref.secretId }),
    );
    return updated;
  });
}
