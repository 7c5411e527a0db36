import type { Principal } from '../access/index.js';
import type { EntityManager } from 'typeorm';
import { UserEntity, type User } from './user.entity.js';

/** Users are global identities; emails are stored lower-cased. */
export const userRepository = {
  /** The name a principal shows to others (presence, awareness): an API key is "API key". */
  async displayNameOf(tx: EntityManager, principal: Principal): Promise<string> {
    if (principal.kind !== 'member') return 'API key';
    const user = await tx
      .getRepository(UserEntity)
      .findOne({ where: { id: principal.userId }, select: { displayName: true } });
    return user?.displayName ?? 'Member';
  },

  findByEmail(tx: EntityManager, email: string): Promise<User | null> {
    return tx.getRepository(UserEntity).findOneBy({ email: email.trim().toLowerCase() });
  },

  async insert(
    tx: EntityManager,
    input: { email: string; displayName: string; passwordHash: string | null },
  ): Promise<User> {
    const repo = tx.getRepository(UserEntity);
    return repo.save(repo.create({ ...input, email: input.email.trim().toLowerCase() }));
  },

  async setPasswordHash(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.getRepository(UserEntity).update({ id: userId }, { passwordHash });
  },
};
