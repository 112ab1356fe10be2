/**
 * The stage's canvas for playback, painted by a worker (stage.worker.ts): the page records each
 * moment's drawing (canvasPen.ts) and posts it once its own frame is rendered, and the worker
 * rasterises it in the gap between frames (posted at once, the worker's raster ran beside the
 * page's frame on a two-core machine and preempted it). The canvas so shows a moment a frame after
 * the elements do, which nobody sees at 60 Hz.
 *
 * Measured (headless Chromium without a GPU, 1280x720, the bench's probe): the main thread's median
 * frame while playing, default run 2.2 -> 1.6-1.8 ms, 9 nodes and ~300 messages 3.8 -> 2.6-2.8 ms;
 * CPU of the page's main thread 179 -> 151 ms a second, the worker's 62 (the whole page's ~9% more).
 * `npm run bench` 9-node frame p95, 4 interleaved rounds of 3 runs: 8.9-10.8 -> 6.4-11.2 ms.
 *
 * The canvas is shown only once the worker has painted the first moment of a playing stretch (until
 * then the page draws on its own canvas, as where there is no worker), and hidden as the run
 * stops, in the same task as the page draws the stopped moment: no frame shows both, or neither.
 */
const supported = (): boolean => typeof Worker === 'function' && typeof OffscreenCanvas === 'function'
  && typeof HTMLCanvasElement !== 'undefined' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype;

export class OffscreenStage {
  readonly element: HTMLCanvasElement;
  private readonly worker: Worker;
  /** counts playing stretches: an answer for an earlier one is stale */
  private stretch = 0;
  private playing = false;
  /** the worker's canvas shows this stretch */
  live = false;
  /** the newest moment, waiting for the page's frame to be rendered */
  private pending: { stretch: number; commands: (number | string)[] } | null = null;
  private readonly afterFrame = new MessageChannel();

  /** null where the browser cannot paint a canvas from a worker */
  static create(slot: HTMLElement, onLive: () => void): OffscreenStage | null {
    return supported() ? new OffscreenStage(slot, onLive) : null;
  }

  private constructor(slot: HTMLElement, private readonly onLive: () => void) {
    this.element = document.createElement('canvas');
    this.element.className = 'worker-canvas';
    this.element.setAttribute('aria-hidden', 'true');
    this.element.style.visibility = 'hidden';
    slot.prepend(this.element);
    const canvas = this.element.transferControlToOffscreen();
    this.worker = new Worker(new URL('./stage.worker.ts', import.meta.url), { type: 'module' });
    this.worker.postMessage({ canvas }, [canvas]);
    this.afterFrame.port1.onmessage = () => {
      if (this.pending) this.worker.postMessage(this.pending);
      this.pending = null;
    };
    this.worker.onmessage = (e: MessageEvent<number>) => {
      if (!this.playing || e.data !== this.stretch || this.live) return;
      this.live = true;
      this.element.style.visibility = '';
      this.onLive();
    };
  }

  /** A moment of playback: `commands` sized and drawn as on the page's own canvas (CSS size `width` x `height`). */
  paint(commands: (number | string)[], width: number, height: number): void {
    if (!this.playing) { this.playing = true; this.stretch++; }
    if (this.element.style.width !== `${width}px`) this.element.style.width = `${width}px`;
    if (this.element.style.height !== `${height}px`) this.element.style.height = `${height}px`;
    // posted after the page's frame is rendered (a message posted during a frame is delivered
    // after it), so the worker paints in the gap between frames rather than beside the page's work
    const first = this.pending === null;
    this.pending = { stretch: this.stretch, commands };
    if (first) this.afterFrame.port2.postMessage(0);
  }

  /** The run stopped: the page draws its moments itself again. */
  stop(): void {
    if (!this.playing) return;
    this.playing = false;
    this.live = false;
    this.element.style.visibility = 'hidden';
  }

  dispose(): void {
    this.afterFrame.port1.close();
    this.worker.terminate();
    this.element.remove();
  }
}
