import { EntitySchema } from 'typeorm';

/** One global identity; what it may do lives in its memberships. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  /** Platform staff: may use the platform-admin surface and bypass tenant maintenance. */
  isStaff: boolean;
  totpSecretEncrypted: string | null;
  totpPendingEncrypted: string | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted, so a code cannot be replayed within its window. */
  totpLastStep: string | null;
  failedLogins: number;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    email: { type: 'text' },
    displayName: { name: 'display_name', type: 'text' },
    passwordHash: { name: 'password_hash', type: 'text', nullable: true },
    isStaff: { name: 'is_staff', type: 'boolean', default: false },
    totpSecretEncrypted: { name: 'totp_secret_encrypted', type: 'text', nullable: true },
    totpPendingEncrypted: { name: 'totp_pending_encrypted', type: 'text', nullable: true },
    totpEnabledAt: { name: 'totp_enabled_at', type: 'timestamptz', nullable: true },
    totpLastStep: { name: 'totp_last_step', type: 'bigint', nullable: true },
    failedLogins: { name: 'failed_logins', type: 'integer', default: 0 },
    lockedUntil: { name: 'locked_until', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
