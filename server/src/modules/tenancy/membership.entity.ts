import { EntitySchema } from 'typeorm';

/** A user's membership of one tenant; tenant-owned, guarded by row-level security. */
export interface Membership {
  tenantId: string;
  userId: string;
  /** Key of a role of the same tenant (built-in or custom). */
  role: string;
  createdAt: Date;
}

export const MembershipEntity = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'memberships',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    userId: { name: 'user_id', type: 'uuid', primary: true },
    role: { type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
