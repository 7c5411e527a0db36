/**
 * A minimal, self-contained page for trying queries in a browser. GraphiQL itself loads its
 * bundle from a CDN, which a server that loads nothing from the network cannot offer; this page
 * is inline HTML and script (allowed by a per-response CSP nonce) posting to its own endpoint.
 */
import { randomBytes } from 'node:crypto';

/** The page and the Content-Security-Policy that lets exactly its own inline script run. */
export function queryPage(endpoint: string): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const target = JSON.stringify(endpoint);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Folio GraphQL</title>
<style nonce="${nonce}">body{font:14px system-ui,sans-serif;margin:1rem;display:grid;gap:.5rem;max-width:70rem}
textarea,pre{font:13px ui-monospace,monospace;width:100%;box-sizing:border-box}pre{background:#f4f4f4;padding:.5rem;min-height:10rem;white-space:pre-wrap}</style>
</head><body>
<h1>Folio GraphQL</h1>
<label>Bearer token or API key <input id="token" type="password" autocomplete="off" size="60"></label>
<label>Query<textarea id="query" rows="14">{ publishedDocuments(first: 5) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }</textarea></label>
<label>Variables (JSON)<textarea id="variables" rows="4">{}</textarea></label>
<button id="run" type="button">Run</button>
<pre id="result"></pre>
<script nonce="${nonce}">
document.getElementById('run').addEventListener('click', async () => {
  const out = document.getElementById('result');
  let variables;
  try { variables = JSON.parse(document.getElementById('variables').value || '{}'); }
  catch { out.textContent = 'Variables are not valid JSON'; return; }
  const token = document.getElementById('token').value.trim();
  const res = await fetch(${target}, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json',
      ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify({ query: document.getElementById('query').value, variables }),
  });
  out.textContent = res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
});
</script></body></html>`;
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return { html, csp };
}
