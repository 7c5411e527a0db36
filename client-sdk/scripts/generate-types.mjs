/**
 * Regenerates client-sdk/src/rest/openapi.ts, the REST client's types, from the server's OpenAPI
 * document as the compiled server builds it (run `npm run build --workspace server` first).
 * `npm run generate:types --workspace client-sdk`; a test fails when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { generateOpenApiTypes } from './openapi-types.mjs';

const target = new URL('../src/rest/openapi.ts', import.meta.url);
const { buildApiDocument } = await import(
  new URL('../../server/dist/server/src/app/openapi.js', import.meta.url).href
);
await writeFile(target, await generateOpenApiTypes(buildApiDocument()));
console.log(`wrote ${target.pathname}`);
