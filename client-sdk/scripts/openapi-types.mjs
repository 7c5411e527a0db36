/** OpenAPI document → the TypeScript source of src/rest/openapi.ts (shared by the script and its test). */
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

const HEADER = `/**
 * Generated from the server's OpenAPI document by client-sdk/scripts/generate-types.mjs.
 * Do not edit: run \`npm run generate:types --workspace client-sdk\` after changing a route.
 */
/* eslint-disable */
`;

/** The generated module's text for `document` (an OpenAPI 3.1 object). */
export async function generateOpenApiTypes(document) {
  const ast = await openapiTS(document, { alphabetize: true });
  const filepath = new URL('../src/rest/openapi.ts', import.meta.url).pathname;
  // Formatted like the rest of the repository, so `prettier --check` passes on the committed file.
  return format(HEADER + astToString(ast), { ...(await resolveConfig(filepath)), filepath });
}
