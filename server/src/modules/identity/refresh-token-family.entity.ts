import { EntitySchema } from 'typeorm';

/**
 * A login session: a chain of refresh tokens of which only the newest (`currentHash`) is valid.
 * Presenting an older one means the chain leaked, and the whole family is revoked.
 */
export interface RefreshTokenFamily {
  tenantId: string;
  id: string;
  userId: string;
  generation: number;
  currentHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export const RefreshTokenFamilyEntity = new EntitySchema<RefreshTokenFamily>({
  name: 'RefreshTokenFamily',
  tableName: 'refresh_token_families',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    userId: { name: 'user_id', type: 'uuid' },
    generation: { type: 'integer', default: 0 },
    currentHash: { name: 'current_hash', type: 'text' },
    expiresAt: { name: 'expires_at', type: 'timestamptz' },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    revokedReason: { name: 'revoked_reason', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    lastUsedAt: { name: 'last_used_at', type: 'timestamptz' },
    ip: { type: 'inet', nullable: true },
    userAgent: { name: 'user_agent', type: 'text', nullable: true },
  },
});
