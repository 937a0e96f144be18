// The console's build: web/ → dist/web, hashed file names under /assets (served with a one-year cache).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/taxii2': 'http://127.0.0.1:8080' } },
});
