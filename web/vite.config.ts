import { defineConfig } from 'vite';

// No React plugin: esbuild's automatic JSX runtime is all the dashboard needs, and it keeps the
// toolchain to vite alone. The build lands in web/dist, which `switchyard serve` serves at /.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:4000' } },
});
