import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The Vigil server; in production it serves this app itself, on the same origin. */
const apiProxy = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: apiProxy },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy: apiProxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    // Everything is self-hosted; nothing may end up inline (the server's CSP is `script-src 'self'`).
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // React and TanStack change less often than the app: separate chunks stay cached across releases.
        // Mantine and the other libraries are left to the bundler's own splitting, so each page carries
        // the components it uses and the first page only what the shell needs (P8: initial JS <= 300 KB
        // gzipped). One `mantine` group would put every component of every page into the first load.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
});
