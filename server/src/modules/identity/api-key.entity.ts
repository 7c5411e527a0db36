import { EntitySchema } from 'typeorm';

/** A tenant's API key; only a digest of its secret is stored. */
export interface ApiKey {
  tenantId: string;
  id: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const ApiKeyEntity = new EntitySchema<ApiKey>({
  name: 'ApiKey',
  tableName: 'api_keys',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    name: { type: 'text' },
    prefix: { type: 'text' },
    secretHash: { name: 'secret_hash', type: 'text' },
    scopes: { type: 'text', array: true },
    expiresAt: { name: 'expires_at', type: 'timestamptz', nullable: true },
    lastUsedAt: { name: 'last_used_at', type: 'timestamptz', nullable: true },
    createdBy: { name: 'created_by', type: 'uuid', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
