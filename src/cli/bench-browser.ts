/**
 * The benchmark's browser figures (bench-page.ts), measured in Debian's headless Chromium through
 * Playwright against the production build served by `vite preview` (on PW_PORT if set, so that
 * checkouts can run side by side).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type { Figure } from './bench-figures';
import { pageFigures, type PageFigure } from './bench-page';
import { CHROMIUM_ARGS } from './chromium-args';

const PORT = Number(process.env.PW_PORT ?? 4179);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function waitForServer(url: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`preview server did not start at ${url}`);
}

export async function browserFigures(want: (name: PageFigure) => boolean, onFigure?: (f: Figure) => void): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with sudo apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // always a fresh build: figures of a stale one would describe code that is no longer there
  execFileSync('npx', ['vite', 'build', '--outDir', '.bench/dist', '--emptyOutDir', '--logLevel', 'error'], { stdio: ['ignore', process.stderr, process.stderr] });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--outDir', '.bench/dist', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const base = `http://localhost:${PORT}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    await waitForServer(base);
    return await pageFigures(browser, base, { runs: 3, playSeconds: 3, samples: 20, longEvents: 1_000_000, want, onFigure });
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* already gone */ } }
  }
}
