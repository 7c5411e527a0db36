import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API, the collaboration socket and the live channel to a running
// server (FOLIO_DEV_SERVER, default the demo tenant of `npm start`), so the page is same-origin.
const target = process.env.FOLIO_DEV_SERVER ?? 'http://demo.localhost:7410';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // One Yjs per page: the SDK, Tiptap's binding and the editor must share its classes.
    dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/pm', '@tiptap/core'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: true },
      '/graphql': { target, ws: true, changeOrigin: true },
      '/collab': { target, ws: true, changeOrigin: true },
      '/live': { target, ws: true, changeOrigin: true },
    },
  },
});
