/**
 * The REST client's types are generated from the server's OpenAPI document: this fails when a
 * route changed and `npm run generate:types --workspace client-sdk` was not run.
 */
import { readFile } from 'node:fs/promises';
import { buildApiDocument } from '../../server/src/app/openapi.js';
// @ts-expect-error plain JavaScript module shared with the generator script (no declarations)
import { generateOpenApiTypes } from '../scripts/openapi-types.mjs';

describe('generated OpenAPI types', () => {
  it('match the server’s current OpenAPI document', async () => {
    const committed = await readFile(new URL('../src/rest/openapi.ts', import.meta.url), 'utf8');
    const generate = generateOpenApiTypes as (document: unknown) => Promise<string>;
    const fresh = await generate(buildApiDocument());
    // Compared as text (a full diff of a 100 KB file helps nobody): the first differing line.
    const [a, b] = [committed.split('\n'), fresh.split('\n')];
    const line =
      Array.from({ length: Math.max(a.length, b.length) }, (_, i) => i).find(
        (i) => a[i] !== b[i],
      ) ?? 0;
    const stale =
      committed === fresh
        ? null
        : `src/rest/openapi.ts is stale at line ${line + 1} (committed ${JSON.stringify(a[line])}, ` +
          `current ${JSON.stringify(b[line])}): npm run build --workspace server && ` +
          'npm run generate:types --workspace client-sdk';
    expect(stale).toBeNull();
  });
});
