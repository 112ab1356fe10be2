import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './src/cli/chromium-args';

// PW_PORT lets several checkouts run their browser suites side by side.
const port = Number(process.env.PW_PORT ?? 4173);

// Browser tests run Debian's Chromium (never a downloaded browser) against the built app.
export default defineConfig({
  testDir: 'test/browser',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}/`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
