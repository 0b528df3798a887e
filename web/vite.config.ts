import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a `nara serve` on port 8080.
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
