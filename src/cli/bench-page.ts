/**
 * The benchmark's figures measured in the page, given a browser and the address of a built app.
 * `npm run bench` runs them several times each (bench-browser.ts); the browser suite runs them
 * once, small, as a smoke run (test/browser/bench.spec.ts), so that none is silently skipped.
 *
 * Two kinds of measurement, both on the main thread of the page:
 * - frame work: for every animation frame, from its first requestAnimationFrame callback to the
 *   first task after the frame was rendered (the simulation, React, style, layout and paint);
 * - input to painted frame: from an input event's timestamp (click, input, change) to the first
 *   task after the next frame was rendered, i.e. what the user waits for after a click.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import { encodeLink } from '../scenario/link';
import { createSimulation } from '../scenario/run';
import type { Scenario } from '../sim/types';
import { figure, percentile, type Figure } from './bench-figures';

/** The page's default run (src/ui/state/store.ts DEFAULT_SCENARIO). */
const DEFAULT_RUN: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

/** 9 nodes, a steady leader, 600–1200 ms links: ~300 messages in flight (as test/browser/frames.spec.ts). */
export const BUSY_SCENARIO: Scenario = {
  version: 1, protocol: 'raft', nodes: 9, seed: 5, events: [],
  network: { latency: { min: 600, max: 1200 } },
  config: { electionTimeout: { min: 3000, max: 5000 }, heartbeatInterval: 50 },
};

/** A 5-node Raft cluster under steady client load, opened at the moment its run reaches `events` events. */
export const LONG_RUN: Scenario = {
  version: 1, protocol: 'raft', nodes: 5, seed: 2, events: [],
  workload: { clients: 5, keys: 5, interval: { min: 5, max: 20 }, readRatio: 0.5, from: 0, to: 3_600_000 },
};

/** Every figure measured in the page, by name (the smoke test checks each was measured). */
export const PAGE_FIGURES = [
  'first-render',
  'play-5-p95', 'play-5-throttled-p95', 'frame-p95',
  'step-p95', 'previous-p95', 'scrub-p95', 'library-p95',
  'step-long-p95', 'previous-long-p95', 'scrub-long-p95', 'library-long-p95',
] as const;
export type PageFigure = typeof PAGE_FIGURES[number];

export interface PageOptions {
  /** Runs per figure (each a fresh page); the figure is their median. */
  runs: number;
  /** Seconds of frames recorded per playing run. */
  playSeconds: number;
  /** Interactions of each kind per run. */
  samples: number;
  /** Events in the long run (1,000,000 for the benchmark). */
  longEvents: number;
  want: (name: PageFigure) => boolean;
  /** Told of each figure as soon as it is measured (the whole set takes minutes). */
  onFigure?: (f: Figure) => void;
}

interface BenchWindow {
  __bench: {
    /** frame work (ms) and each frame's timestamp */
    work: number[]; at: number[];
    /** the label of the next input event to time, and the times measured per label */
    armed: string | null; latency: Record<string, number[]>;
  };
}

/** Installed before the app's own scripts: the frame and input-latency probes. */
function installProbes(): void {
  const w = window as unknown as BenchWindow;
  const raf = window.requestAnimationFrame.bind(window);
  w.__bench = { work: [], at: [], armed: null, latency: {} };
  // frame work: the first rAF callback of a frame (the app's or ours) starts the clock; a message
  // posted then is delivered as the first task after the frame was rendered
  const frames = new MessageChannel();
  let first: number | null = null;
  let frameTs = 0;
  frames.port1.onmessage = () => {
    w.__bench.work.push(performance.now() - first!);
    w.__bench.at.push(frameTs);
    first = null;
  };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (first === null) { first = performance.now(); frameTs = ts; frames.port2.postMessage(0); }
    cb(ts);
  });
  // input to painted frame: the armed label's next input event, to the task after the next frame
  const inputs = new MessageChannel();
  const started: { label: string; t0: number }[] = [];
  inputs.port1.onmessage = () => {
    const { label, t0 } = started.shift()!;
    (w.__bench.latency[label] ??= []).push(performance.now() - t0);
  };
  const onInput = (e: Event) => {
    const label = w.__bench.armed;
    if (label === null) return;
    w.__bench.armed = null;
    started.push({ label, t0: e.timeStamp });
    raf(() => inputs.port2.postMessage(0));
  };
  for (const type of ['click', 'input', 'change', 'keydown']) window.addEventListener(type, onInput, true);
}

const readBench = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).__bench);

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript(installProbes);
  // a long run computes for seconds before the page's load event: wait for the app, not for that
  await page.goto(url, { waitUntil: 'commit' });
  return page;
}

/** Play at 1x for `seconds` and return the p95 of frame work (and the frame intervals). */
async function playFrames(page: Page, seconds: number): Promise<{ p95: number; intervals: number[] }> {
  await page.getByRole('slider', { name: /speed/i }).fill('0'); // 10^0: 1x real time
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(500);
  await page.evaluate(() => { const b = (window as unknown as BenchWindow).__bench; b.work = []; b.at = []; });
  await page.waitForTimeout(seconds * 1000);
  const { work, at } = await readBench(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  if (work.length === 0) throw new Error('no frame was recorded while playing');
  return { p95: percentile(work, 95), intervals: at.slice(1).map((t, k) => t - at[k]) };
}

/** The page has settled when it has drawn no frame for this long (ms). */
const SETTLED_MS = 100;
/** A page that has not settled by then never will: it draws while paused (ms). */
const SETTLE_TIMEOUT_MS = 20_000;
/** How long a person's press lasts, and the pointer rests before it (ms). */
const PRESS_MS = 100;

/**
 * Wait until the page has drawn no frame for SETTLED_MS: what an input leaves for later (the
 * panels drawn a frame after the stage, the rows fitted once the new panel has a size) is done, and
 * the next input finds the page idle, as a person's next click does. An input that arrives while
 * the page still draws waits for the display's next frame (up to 16.7 ms) before its own; timed 30 ms
 * after the last one, over a quarter of the scrubber's moves did.
 */
async function settle(page: Page): Promise<void> {
  try {
    await page.waitForFunction((quiet) => {
      const at = (window as unknown as BenchWindow).__bench.at;
      return performance.now() - (at.length > 0 ? at[at.length - 1] : 0) >= quiet;
    }, SETTLED_MS, { polling: 25, timeout: SETTLE_TIMEOUT_MS });
  } catch (e) {
    throw new Error(`the page did not settle: it drew a frame at least every ${SETTLED_MS} ms for ${SETTLE_TIMEOUT_MS / 1000} s while paused (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Time one input on a settled page: arm the probe, act, wait until the frame after it was rendered. */
async function timed(page: Page, label: string, act: () => Promise<void>): Promise<void> {
  await settle(page);
  const before = (await readBench(page)).latency[label]?.length ?? 0;
  await page.evaluate((l) => { (window as unknown as BenchWindow).__bench.armed = l; }, label);
  await act();
  await page.waitForFunction(([l, n]) => ((window as unknown as BenchWindow).__bench.latency[l as string]?.length ?? 0) > (n as number),
    [label, before] as const, { timeout: 60_000 });
}

/**
 * A click on `target` as a person makes it, timed from the click (the button's release): the pointer
 * comes to rest over the target, the button goes down, then up, each a press's length after the last
 * and once the page has settled. Not Playwright's `locator.click()`, which moves, presses and
 * releases at once, just after two animation frames of its own (it waits for the target to hold
 * still): the hover and press styles and those frames keep the page drawing, so its answer to the
 * click waited for the display's next frame, the 11-13 ms floor this figure had, which a click on a
 * page at rest does not.
 */
async function timedClick(page: Page, label: string, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error(`nothing to click: ${target.toString()} is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(PRESS_MS);
  await page.mouse.down();
  // (settle() sees the frames the page asks for; the hover and press styles are drawn in frames it
  // does not see: a release 5 ms after the press found the page still drawing it in a quarter of clicks)
  await page.waitForTimeout(PRESS_MS);
  await timed(page, label, () => page.mouse.up());
}

/** A fixed sequence of scrubber positions spread over the run (the same on every run). */
function scrubTargets(count: number, horizonMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.round(((i * 0.618034) % 1) * horizonMs));
  return out;
}

/** Step, Previous, scrubber moves and one or more library loads, each timed; p95 per label. */
async function interactions(page: Page, samples: number, horizonMs: number, libraryLoads: number): Promise<Record<string, number>> {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const previous = page.getByRole('button', { name: 'Previous', exact: true });
  const scrubber = page.getByRole('slider', { name: 'Virtual time' });
  const library = page.getByRole('combobox', { name: 'Scenario library' });
  for (let i = 0; i < samples; i++) await timedClick(page, 'step', step);
  for (let i = 0; i < samples; i++) await timedClick(page, 'previous', previous);
  for (const t of scrubTargets(samples, horizonMs)) await timed(page, 'scrub', () => scrubber.fill(String(t)));
  // the library's entries load beside the page's first render (src/ui/state/content.ts)
  await library.locator('option').nth(1).waitFor({ state: 'attached' });
  const entries = await library.locator('option').count();
  for (let i = 0; i < libraryLoads; i++) await timed(page, 'library', async () => { await library.selectOption({ index: 1 + (i % (entries - 1)) }); });
  // the harness's own share: clicks on the cluster panel's heading, which has no handler and changes nothing,
  // timed the same way (the browser's dispatch and the wait for the next frame)
  const title = page.locator('.panel-cluster .panel-title');
  for (let i = 0; i < samples; i++) await timedClick(page, 'floor', title);
  const { latency } = await readBench(page);
  const out: Record<string, number> = {};
  for (const [label, times] of Object.entries(latency)) out[label] = percentile(times, 95);
  return out;
}

/** Virtual time (ms) at which the long run has processed `events` events. */
function longRunTime(events: number): number {
  const sim = createSimulation(LONG_RUN);
  sim.runEvents(events);
  return sim.timeMs;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1] ?? 0;

export async function pageFigures(browser: Browser, base: string, o: PageOptions): Promise<Figure[]> {
  const measured: Figure[] = [];
  const figures = { push: (f: Figure) => { measured.push(f); o.onFigure?.(f); } };
  const runsOf = (f: (i: number) => Promise<number>) => async () => {
    const out: number[] = [];
    for (let i = 0; i < o.runs; i++) out.push(await f(i));
    return out;
  };

  if (o.want('first-render')) {
    const load = async () => {
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
      await page.close();
      return t;
    };
    await load(); // a warm-up: the first load also fills the server's and the browser's caches
    const runs = await runsOf(load)();
    figures.push(figure('first-render', 'browser: from navigation to the first rendered cluster', 'ms', 'max', 500, runs));
  }

  const playing = async (name: PageFigure, what: string, target: number, url: string, throttle: number) => {
    if (!o.want(name)) return;
    const inFlight: number[] = [];
    let intervals: number[] = [];
    const runs = await runsOf(async () => {
      const page = await openPage(browser, url);
      await page.waitForSelector('[data-role="leader"]', { timeout: 60_000 });
      if (throttle > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
      const { p95, intervals: iv } = await playFrames(page, o.playSeconds);
      inFlight.push(await page.locator('[data-message-id]').count());
      intervals = intervals.concat(iv);
      await page.close();
      return p95;
    })();
    figures.push(figure(name, what, 'ms', 'max', target, runs,
      `messages in flight: ${median(inFlight)}; frame interval p95 ${percentile(intervals, 95).toFixed(1)} ms`));
  };
  await playing('play-5-p95', 'browser: main-thread work per frame, default 5-node run playing at 1x (p95 per run)', 4,
    base + encodeLink(DEFAULT_RUN, 2000), 1);
  await playing('play-5-throttled-p95', 'browser: the same with the CPU slowed 4x (CDP Emulation.setCPUThrottlingRate)', 16.7,
    base + encodeLink(DEFAULT_RUN, 2000), 4);
  await playing('frame-p95', 'browser: main-thread work per frame, 9 nodes and ~300 messages in flight, 1x (p95 per run)', 8,
    base + encodeLink(BUSY_SCENARIO, 9000), 1); // the links are full by then

  const inputFigures = async (suffix: '' | '-long', url: string, horizonMs: number, ready: (page: Page) => Promise<void>,
    target: number, where: string) => {
    const names = ['step', 'previous', 'scrub', 'library'].map((k) => `${k}${suffix}-p95` as PageFigure);
    if (!names.some(o.want)) return;
    const per: Record<string, number[]> = { step: [], previous: [], scrub: [], library: [] };
    const floor: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const page = await openPage(browser, url);
      await ready(page);
      // the long run is opened once per run: one library load (it replaces the run) at its end
      const p95 = await interactions(page, o.samples, horizonMs, suffix === '' ? o.samples : 1);
      for (const k of Object.keys(per)) per[k].push(p95[k]);
      floor.push(p95.floor);
      await page.close();
    }
    const what: Record<string, string> = {
      step: 'Step', previous: 'Previous', scrub: 'a scrubber move', library: 'a library load',
    };
    for (const k of Object.keys(per)) {
      const name = `${k}${suffix}-p95` as PageFigure;
      if (o.want(name)) figures.push(figure(name, `browser: ${what[k]}, input to painted frame, ${where} (p95 per run)`, 'ms', 'max', target, per[k],
        `harness floor, a click on a panel's heading (no handler), timed alike: p95 ${median(floor).toFixed(1)} ms (median of runs)`));
    }
  };
  await inputFigures('', base + encodeLink(DEFAULT_RUN, 5000), 10_000,
    (page) => page.waitForSelector('[data-role="leader"]', { timeout: 60_000 }).then(() => undefined), 16.7, 'default run at 5 s');
  if (PAGE_FIGURES.filter((n) => n.includes('-long')).some(o.want)) {
    const at = longRunTime(o.longEvents);
    await inputFigures('-long', base + encodeLink(LONG_RUN, at), at, async (page) => {
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="sim-status"]')?.getAttribute('data-events') ?? 0) >= n,
        o.longEvents, { timeout: 300_000, polling: 500 });
    }, 50, `${o.longEvents.toLocaleString('en')}-event run`);
  }
  return measured;
}
