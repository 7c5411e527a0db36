import { EntitySchema } from 'typeorm';

/** A custom domain of a tenant; it routes to the tenant only once its DNS TXT record verified it. */
export interface Domain {
  tenantId: string;
  host: string;
  isPrimary: boolean;
  verificationToken: string;
  verifiedAt: Date | null;
  createdAt: Date;
}

export const DomainEntity = new EntitySchema<Domain>({
  name: 'Domain',
  tableName: 'domains',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    host: { type: 'text', primary: true },
    isPrimary: { name: 'is_primary', type: 'boolean', default: false },
    verificationToken: { name: 'verification_token', type: 'text' },
    verifiedAt: { name: 'verified_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
