/**
 * The SDK's browser bundle (dist/browser/folio-sdk.js, ESM, minified, dependencies included): it
 * proves the package runs in a browser with no Node built-ins, and its size goes in the notes.
 * The package itself (dist/index.js) stays unbundled so applications tree-shake it.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Fails the build when anything in the browser graph imports a Node built-in. */
const noNodeBuiltins = {
  name: 'folio-no-node-builtins',
  enforce: 'pre',
  resolveId(id, importer) {
    if (NODE_BUILTINS.has(id)) {
      throw new Error(
        `Node built-in "${id}" imported by ${importer ?? 'the entry'}: not allowed in the browser build`,
      );
    }
    return null;
  },
};

export default defineConfig({
  plugins: [noNodeBuiltins],
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    reportCompressedSize: true,
    // Not library mode: Vite keeps whitespace in ES libraries, and the size figure is of what an
    // application would ship. The entry keeps its exports; y-indexeddb stays a lazy chunk.
    rollupOptions: {
      input: 'src/index.ts',
      preserveEntrySignatures: 'strict',
      output: { format: 'es', entryFileNames: 'folio-sdk.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
