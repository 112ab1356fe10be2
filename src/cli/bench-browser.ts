/**
 * Browser figures of the benchmark, measured in Debian's headless Chromium through Playwright
 * against the production build served by `vite preview`:
 * - frame time with 9 nodes and ~300 messages in flight: from the frame's start (the rAF
 *   timestamp) to the first task after the frame was rendered, so it covers the app's rAF work,
 *   style, layout and paint;
 * - time from navigation to the first rendered cluster node.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { encodeLink } from '../scenario/link';
import type { Scenario } from '../sim/types';
import { figure, percentile, type Figure } from './bench-figures';

const PORT = 4179;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** 9 nodes, a steady leader, 600–1200 ms links: ~300 messages in flight (as test/browser/frames.spec.ts). */
export const BUSY_SCENARIO: Scenario = {
  version: 1, protocol: 'raft', nodes: 9, seed: 5, events: [],
  network: { latency: { min: 600, max: 1200 } },
  config: { electionTimeout: { min: 3000, max: 5000 }, heartbeatInterval: 50 },
};

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

export async function browserFigures(want: { frames: boolean; firstRender: boolean }): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with sudo apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  if (!existsSync('.bench/dist/index.html')) {
    execFileSync('npx', ['vite', 'build', '--outDir', '.bench/dist', '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  }
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--outDir', '.bench/dist', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const base = `http://localhost:${PORT}/`;
  const figures: Figure[] = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    await waitForServer(base);
    if (want.firstRender) {
      const runs: number[] = [];
      for (let i = -1; i < 5; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.addInitScript(() => {
          const w = window as unknown as { __firstNode?: number };
          new MutationObserver((_, obs) => {
            if (document.querySelector('[data-node-id]')) { w.__firstNode = performance.now(); obs.disconnect(); }
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(base);
        await page.waitForSelector('[data-node-id]');
        const t = await page.evaluate(() => (window as unknown as { __firstNode: number }).__firstNode);
        if (i >= 0) runs.push(t);
        await page.close();
      }
      figures.push(figure('first-render', 'browser: from navigation to the first rendered cluster', 'ms', 'max', 1000, runs));
    }
    if (want.frames) {
      const runs: number[] = [];
      let inFlight: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(base + encodeLink(BUSY_SCENARIO, 9000)); // the links are full by then
        await page.waitForSelector('[data-role="leader"]');
        await page.getByRole('slider', { name: /speed/i }).fill('0'); // 1× real time
        await page.getByRole('button', { name: 'Play', exact: true }).click();
        await page.waitForTimeout(500);
        const result = await page.evaluate(() => new Promise<{ frames: number[]; messages: number[] }>((resolve) => {
          const frames: number[] = [];
          const messages: number[] = [];
          const channel = new MessageChannel();
          let start = 0;
          channel.port1.onmessage = () => {
            frames.push(performance.now() - start);
            messages.push(document.querySelectorAll('[data-message-id]').length);
          };
          const tick = (ts: number): void => {
            start = ts;
            channel.port2.postMessage(0);
            if (frames.length < 180) requestAnimationFrame(tick);
            else resolve({ frames, messages });
          };
          requestAnimationFrame(tick);
        }));
        runs.push(percentile(result.frames, 95));
        inFlight = inFlight.concat(result.messages);
        await page.close();
      }
      const medianInFlight = inFlight.sort((a, b) => a - b)[inFlight.length >> 1] ?? 0;
      figures.push(figure('frame-p95', 'browser: frame time with 9 nodes and ~300 messages in flight (p95 per run)', 'ms', 'max', 16.7, runs,
        `median messages in flight: ${medianInFlight}`));
    }
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* already gone */ } }
  }
  return figures;
}
