/**
 * Browser figures of the benchmark, measured in Debian's headless Chromium through Playwright
 * against the production build served by `vite preview`:
 * - frame time with 9 nodes and ~300 messages in flight: the main thread's work per animation
 *   frame, from the frame's first rAF callback to the first task after the frame was rendered
 *   (the simulation, React, style, layout and paint), with the interval between frames beside it;
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
    execFileSync('npx', ['vite', 'build', '--outDir', '.bench/dist', '--emptyOutDir', '--logLevel', 'error'], { stdio: ['ignore', process.stderr, process.stderr] });
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
      let intervals: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        // Every animation frame: from its first rAF callback (the app's or ours) to the first task
        // after the frame was rendered, i.e. the main thread's whole work for that frame.
        await page.addInitScript(() => {
          const w = window as unknown as { __frames: { work: number[]; at: number[] } };
          const raf = window.requestAnimationFrame.bind(window);
          const channel = new MessageChannel();
          let first: number | null = null;
          w.__frames = { work: [], at: [] };
          let frameTs = 0;
          channel.port1.onmessage = () => {
            w.__frames.work.push(performance.now() - first!);
            w.__frames.at.push(frameTs);
            first = null;
          };
          window.requestAnimationFrame = (cb) => raf((ts) => {
            if (first === null) { first = performance.now(); frameTs = ts; channel.port2.postMessage(0); }
            cb(ts);
          });
        });
        await page.goto(base + encodeLink(BUSY_SCENARIO, 9000)); // the links are full by then
        await page.waitForSelector('[data-role="leader"]');
        await page.getByRole('slider', { name: /speed/i }).fill('0'); // 1× real time
        await page.getByRole('button', { name: 'Play', exact: true }).click();
        await page.waitForTimeout(500);
        await page.evaluate(() => { (window as unknown as { __frames: { work: number[]; at: number[] } }).__frames = { work: [], at: [] }; });
        await page.waitForTimeout(3000);
        const frames = await page.evaluate(() => (window as unknown as { __frames: { work: number[]; at: number[] } }).__frames);
        inFlight.push(await page.locator('[data-message-id]').count());
        runs.push(percentile(frames.work, 95));
        intervals = intervals.concat(frames.at.slice(1).map((t, k) => t - frames.at[k]));
        await page.close();
      }
      const medianInFlight = inFlight.sort((a, b) => a - b)[inFlight.length >> 1] ?? 0;
      figures.push(figure('frame-p95', 'browser: main-thread work per frame, 9 nodes and ~300 messages in flight, 1x (p95 per run)', 'ms', 'max', 16.7, runs,
        `messages in flight: ${medianInFlight}; frame interval p95 ${percentile(intervals, 95).toFixed(1)} ms`));
    }
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* already gone */ } }
  }
  return figures;
}
