/**
 * The stage's canvas for playback, painted by a worker (stage.worker.ts): the page records each
 * moment's drawing (canvasPen.ts) and posts it, and the worker rasterises it. Measured on the
 * 9-node run (~300 messages) in headless Chromium without a GPU: the main thread's median frame
 * 3.8 -> 2.2-2.8 ms with the stage canvas not drawn at all, the bound on what moving its raster
 * away can save.
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

  private pending: { stretch: number; commands: (number | string)[] } | null = null;
  private readonly afterFrame = (() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (this.pending) this.worker.postMessage(this.pending);
      this.pending = null;
    };
    return channel;
  })();

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
