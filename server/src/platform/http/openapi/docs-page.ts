/**
 * The `/api/v1/docs` page: one self-contained HTML file that fetches the OpenAPI document from
 * the same origin and lists the operations by tag. Nothing comes from the network but the
 * document itself — no CDN, no fonts — so it works on an air-gapped install and under a strict CSP.
 */

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f7f8fa}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
h2{margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px;text-transform:capitalize}
details{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.verb{font:600 12px ui-monospace,monospace;min-width:56px;text-transform:uppercase}
.get{color:#0a7}.post{color:#07c}.patch{color:#c70}.put{color:#a5c}.delete{color:#c33}
.path{font-family:ui-monospace,monospace}.perm{margin-left:auto;color:#667;font-size:13px}
.body{padding:0 14px 12px}pre{background:#f0f2f5;padding:8px;overflow:auto;font-size:12px}
table{border-collapse:collapse}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
`;

// Runs in the browser: builds the list with DOM calls (textContent only, never innerHTML), so
// nothing in the document can inject markup.
const SCRIPT = `
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
const json = (value) => el('pre', {}, JSON.stringify(value, null, 2));
function render(doc) {
  const main = document.querySelector('main');
  document.querySelector('header h1').textContent = doc.info.title + ' ' + doc.info.version;
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, verb, op });
    }
  }
  for (const tag of [...byTag.keys()].sort()) {
    main.append(el('h2', { id: 'tag-' + tag }, tag));
    for (const { path, verb, op } of byTag.get(tag)) {
      const body = el('div', { class: 'body' }, el('p', {}, op.description || ''));
      const params = (op.parameters || []).filter((p) => !p.$ref);
      if (params.length) {
        const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'schema')));
        for (const p of params) table.append(el('tr', {}, el('td', {}, p.name + (p.required ? ' *' : '')), el('td', {}, p.in), el('td', {}, JSON.stringify(p.schema))));
        body.append(el('h4', {}, 'Parameters'), table);
      }
      const request = op.requestBody && op.requestBody.content['application/json'];
      if (request) body.append(el('h4', {}, 'Request body'), json(request.schema));
      for (const [status, response] of Object.entries(op.responses || {})) {
        if (response.$ref) continue;
        body.append(el('h4', {}, status + ' — ' + response.description));
        const content = response.content && response.content['application/json'];
        if (content) body.append(json(content.schema));
      }
      main.append(el('details', {}, el('summary', {}, el('span', { class: 'verb ' + verb }, verb), el('span', { class: 'path' }, path), el('span', { class: 'perm' }, op['x-folio-permission'] || 'public')), body));
    }
  }
  main.append(el('h2', {}, 'Errors'), el('p', {}, 'Every failure answers with this envelope:'), json(doc.components.schemas.Error));
}
fetch('openapi.json').then((r) => r.json()).then(render, (error) => {
  document.querySelector('main').textContent = 'Could not load openapi.json: ' + error;
});
`;

/** The docs page's HTML; it loads `openapi.json` relative to its own URL. */
export function renderDocsPage(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${safeTitle}</title><style>${STYLE}</style></head>
<body><header><h1>${safeTitle}</h1></header><main><p>Loading the API description…</p></main>
<script>${SCRIPT}</script></body></html>`;
}
