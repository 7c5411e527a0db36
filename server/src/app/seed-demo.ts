import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import type { DocumentContent } from '../modules/collab/index.js';
import { createDocument, documentRepository } from '../modules/documents/index.js';
import { withGlobal, withTenant } from '../platform/db/unit-of-work.js';
import { hashPassword, userRepository, verifyPassword } from '../modules/identity/index.js';
import { tenantRepository, type Tenant } from '../modules/tenancy/index.js';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_OWNER_EMAIL = 'owner@demo.test';

export interface DemoSeedResult {
  tenant: Tenant;
  ownerId: string;
  email: string;
  created: boolean;
}

/**
 * Makes sure tenant `demo` exists with owner `owner@demo.test` whose password is `password`.
 * Idempotent: a restart finds the rows and only re-hashes when the password changed.
 */
export async function seedDemoTenant(
  dataSource: DataSource,
  password: string,
): Promise<DemoSeedResult> {
  const { tenant, userId, created } = await withGlobal(dataSource, async (tx) => {
    let created = false;
    let tenant = await tenantRepository.findBySlug(tx, DEMO_TENANT_SLUG);
    if (!tenant) {
      tenant = await tenantRepository.insert(tx, { slug: DEMO_TENANT_SLUG, name: 'Demo' });
      created = true;
    }
    let user = await userRepository.findByEmail(tx, DEMO_OWNER_EMAIL);
    if (!user) {
      user = await userRepository.insert(tx, {
        email: DEMO_OWNER_EMAIL,
        displayName: 'Demo Owner',
        passwordHash: await hashPassword(password),
      });
      created = true;
    } else if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
      await userRepository.setPasswordHash(tx, user.id, await hashPassword(password));
    }
    return { tenant, userId: user.id, created };
  });
  await withTenant(dataSource, tenant.id, (tx) =>
    tenantRepository.upsertMembership(tx, { tenantId: tenant.id, userId, role: 'owner' }),
  );
  return { tenant, ownerId: userId, email: DEMO_OWNER_EMAIL, created };
}

/**
 * A first document for a new demo tenant, with rich text and fields, written through the room
 * like any server-side change — so the admin UI opens on something to co-edit and review.
 */
export async function seedDemoDocument(
  deps: { dataSource: DataSource; content: DocumentContent },
  tenantId: string,
  ownerId: string,
): Promise<void> {
  const existing = await withTenant(deps.dataSource, tenantId, (tx) =>
    documentRepository.page(tx, tenantId, { limit: 1 }),
  );
  if (existing.rows.length > 0) return;
  const doc = await createDocument(deps.dataSource, {
    tenantId,
    createdBy: ownerId,
    title: 'Welcome to Folio',
    contentType: 'article',
    slug: 'welcome',
  });
  await deps.content.change(tenantId, doc.id, (ydoc) => {
    ydoc.getMap('fields').set('summary', 'A first document to co-edit, review and publish.');
    // y-prosemirror keeps attribute values as ProseMirror has them: the level is a number.
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 1 as unknown as string);
    heading.insert(0, [new Y.XmlText('Welcome to Folio')]);
    const intro = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    // A delta, not inserts at text.length: the text is not in the document yet, and reading its
    // length before then makes Yjs warn about premature access.
    text.applyDelta([
      { insert: 'Open this document in two windows and type: ' },
      { insert: 'both see each other live', attributes: { bold: true } },
      { insert: '. Submit it for review, approve it, publish it.' },
    ]);
    intro.insert(0, [text]);
    ydoc.getXmlFragment('body').insert(0, [heading, intro]);
  });
}
