/**
 * Locations the benchmark needs, resolved from this compiled file (load-tests/dist/collab/) so
 * that it runs the same from the repository root and from the workspace directory.
 */
import { fileURLToPath } from 'node:url';

const here = new URL('./', import.meta.url);
const rootUrl = new URL('../../../', here);

/** The repository root. */
export const repoRoot = fileURLToPath(rootUrl);

/** Default directory of the JSON result files (gitignored). */
export const resultsDir = fileURLToPath(new URL('load-tests/results/', rootUrl));

/** What `npm run serve` runs. */
export const folioMain = fileURLToPath(new URL('server/dist/server/src/main.js', rootUrl));

/** URL of a module of the compiled server (`relative` to server/src), for the database helpers. */
export function serverModuleUrl(relative: string): string {
  return new URL(`server/dist/server/src/${relative}`, rootUrl).href;
}

/** The stock y-websocket server script, and the probe preloaded into every server child. */
export const baselineScript = fileURLToPath(new URL('baseline-server.js', here));
export const probeUrl = new URL('probe.js', here).href;
