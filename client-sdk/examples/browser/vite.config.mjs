// Serves the example and forwards API, collab and live traffic to a running Folio node, so the
// page and the API share one origin (FOLIO_URL, default the embedded node on port 7410).
import { defineConfig } from 'vite';

const target = process.env.FOLIO_URL ?? 'http://localhost:7410';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  server: {
    proxy: {
      '/api': { target },
      '/graphql': { target, ws: true },
      '/collab': { target, ws: true },
      '/live': { target, ws: true },
    },
  },
});
