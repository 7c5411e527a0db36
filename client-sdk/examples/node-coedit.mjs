// Signs in and co-edits a document from Node: two sessions of the same member append paragraphs,
// see each other's edits and presence, and wait until PostgreSQL holds them.
//
//   npm run build --workspace client-sdk
//   FOLIO_URL=http://demo.localhost:7410 FOLIO_EMAIL=owner@demo.test FOLIO_PASSWORD=… \
//     node client-sdk/examples/node-coedit.mjs [documentId]
import { createFolioClient } from '@folio/client-sdk';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

const baseUrl = process.env.FOLIO_URL ?? 'http://localhost:7410';
const folio = createFolioClient({ baseUrl, tenant: process.env.FOLIO_TENANT, WebSocket });
const signedIn = await folio.auth.login({
  email: process.env.FOLIO_EMAIL,
  password: process.env.FOLIO_PASSWORD,
});
if (signedIn.status !== 'signed-in') throw new Error('this example does not do TOTP');
const { me } = signedIn;

const documentId =
  process.argv[2] ??
  (
    await folio.rest.post('/api/v1/documents', {
      body: { title: 'Co-edited from Node', contentType: 'page' },
    })
  ).id;

const user = { id: me.user.id, name: me.user.displayName ?? me.user.email };
const [a, b] = [folio.openDocument(documentId, { user }), folio.openDocument(documentId, { user })];
for (const session of [a, b]) {
  session.on('status', (status) => console.log(`session ${session === a ? 'a' : 'b'}: ${status}`));
  session.on('error', (error) => console.error(`session error ${error.code}: ${error.message}`));
}
await Promise.all([a.whenSynced(), b.whenSynced()]);

const paragraph = (text) => {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};
a.body.push([paragraph(`from a at ${new Date().toISOString()}`)]);
b.fields.set('summary', 'written by session b');

await new Promise((resolve) => {
  const check = () => b.body.length === a.body.length && a.fields.get('summary') !== undefined;
  if (check()) resolve();
  else a.doc.on('update', () => check() && resolve());
});
console.log('converged:', a.body.toJSON() === b.body.toJSON(), a.fields.toJSON());
console.log(
  'presence on b:',
  [...b.awareness.getStates().values()].map((s) => s.user),
);

await Promise.all([a.whenPersisted(), b.whenPersisted()]);
console.log(`stored in PostgreSQL: ${documentId}`);
a.destroy();
b.destroy();
await folio.close();
