// A minimal browser page on @folio/client-sdk: sign in (with the TOTP step), list documents, open
// one as a live Yjs session, watch its paragraphs change and add one. Run it with
// `npx vite client-sdk/examples/browser` while Folio runs (see README: the dev server proxies the API).
import { createFolioClient, FolioApiError, localStorageTokenStore } from '@folio/client-sdk';
import * as Y from 'yjs';

const $ = (id) => document.getElementById(id);
let folio = null;
let session = null;

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  const tenant = String(form.get('tenant'));
  folio = createFolioClient({
    baseUrl: window.location.origin,
    tenant,
    tokenStore: localStorageTokenStore(`folio.example.${tenant}`),
  });
  try {
    let result = await folio.auth.login({
      email: String(form.get('email')),
      password: String(form.get('password')),
    });
    if (result.status === 'mfa-required')
      result = await result.completeMfa(String(form.get('totp')));
    $('status').textContent =
      `Signed in as ${result.me.user.email} (${result.me.role}) in ${result.me.tenant.name}.`;
    await listDocuments();
  } catch (error) {
    $('status').textContent =
      error instanceof FolioApiError ? `${error.code}: ${error.message}` : String(error);
  }
});

async function listDocuments() {
  const list = $('document-list');
  list.replaceChildren();
  for await (const doc of folio.rest.paginate('/api/v1/documents', { query: { limit: 50 } })) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = doc.title;
    button.addEventListener('click', () => openDocument(doc));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
  $('documents').hidden = false;
}

function openDocument(doc) {
  session?.destroy();
  session = folio.openDocument(doc.id);
  $('editor-title').textContent = doc.title;
  $('editor').hidden = false;
  const state = () => {
    $('session-state').textContent = `${session.status}${session.synced ? ', synced' : ''}${
      session.persisted ? ', saved' : ', saving…'
    }${session.permission ? ` (${session.permission})` : ''}`;
  };
  for (const name of ['status', 'synced', 'persisted', 'permission']) session.on(name, state);
  session.on('error', (error) => ($('session-state').textContent = `Stopped: ${error.message}`));
  const render = () => {
    $('paragraphs').replaceChildren(
      ...session.body.toArray().map((node) => {
        const item = document.createElement('li');
        item.textContent =
          node instanceof Y.XmlElement ? node.toString().replace(/<[^>]+>/g, '') : '';
        return item;
      }),
    );
  };
  session.body.observeDeep(render);
  render();
  state();
}

$('append').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.currentTarget.elements.text;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(input.value)]);
  session.body.push([paragraph]);
  input.value = '';
});
