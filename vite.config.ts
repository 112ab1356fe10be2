import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: './',
  // one app chunk; its gzipped size is a benchmark figure (npm run bench), not a build warning
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1000 },
  // the search worker imports the simulator as modules, as the page does
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'src/**/*.test.ts'],
    // the lessons and the library, which the page loads on demand, are loaded for every test
    setupFiles: ['test/unit/support/content.ts'],
    environment: 'node',
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60000,
  },
});
