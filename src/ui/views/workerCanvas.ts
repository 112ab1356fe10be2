/**
 * Canvases painted by a worker while the run plays (canvas.worker.ts): the stage's timers and
 * messages, the clock and the scrubber's thumb. The page records each moment's drawing
 * (canvasPen.ts) and posts the moments of all its canvases in one message once its own frame is
 * rendered, and the worker rasterises them in the gap between frames (posted at once, the
 * worker's raster ran beside the page's frame on a two-core machine and preempted it). A canvas
 * so shows a moment a frame after the elements do, which nobody sees at 60 Hz.
 *
 * Measured (headless Chromium without a GPU, 1280x720, the bench's probe): the stage in the worker
 * took the main thread's median playing frame, default run, 2.2 -> 1.6-1.8 ms, 9 nodes and ~300
 * messages 3.8 -> 2.6-2.8 ms; `npm run bench` 9-node frame p95, 4 interleaved rounds of 3 runs:
 * 8.9-10.8 -> 6.4-11.2 ms. The clock and the thumb, drawn on canvases of the page's own, still made
 * every playing frame a commit of the page's layers (Commit and UpdateLayer on the main thread, the
 * rest on the renderer's compositor thread), competing for the same two cores. Painted here too, a
 * playing frame changes nothing of the page's own: default run at 1x, the main thread's median frame
 * 1.7 -> 1.3 ms and its p95 5.1 -> 4.5 (6 interleaved runs); CPU a second while playing (trace):
 * main thread 427 -> 310 ms, compositor thread 176 -> 52, the worker 144 -> 191; `npm run bench`, 4
 * interleaved rounds of 3 runs, all 12 runs' median: 1x p95 5.25 -> 4.8 ms, 4x throttled 18.0 ->
 * 14.3, 9 nodes 8.1 -> 8.45 (within its noise).
 *
 * A canvas is shown only once the worker has painted the first moment of a playing stretch (until
 * then the page draws on its own canvas, as where there is no worker), and hidden as the run
 * stops, in the same task as the page draws the stopped moment: no frame shows both, or neither.
 */
const supported = (): boolean => typeof Worker === 'function' && typeof OffscreenCanvas === 'function'
  && typeof HTMLCanvasElement !== 'undefined' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype;

type Commands = (number | string)[];

/** The page's one worker and the moments waiting for the page's frame to be rendered. */
class Painter {
  private readonly worker = new Worker(new URL('./canvas.worker.ts', import.meta.url), { type: 'module' });
  private readonly afterFrame = new MessageChannel();
  private readonly pending = new Map<number, { stretch: number; commands: Commands }>();
  private readonly canvases = new Map<number, WorkerCanvas>();
  private nextId = 0;

  constructor() {
    this.afterFrame.port1.onmessage = () => {
      if (this.pending.size === 0) return;
      this.worker.postMessage({ moments: [...this.pending].map(([id, m]) => ({ id, ...m })) });
      this.pending.clear();
    };
    this.worker.onmessage = (e: MessageEvent<{ id: number; stretch: number }>) => this.canvases.get(e.data.id)?.answered(e.data.stretch);
  }

  add(canvas: WorkerCanvas, offscreen: OffscreenCanvas): number {
    const id = this.nextId++;
    this.canvases.set(id, canvas);
    this.worker.postMessage({ id, canvas: offscreen }, [offscreen]);
    return id;
  }

  /** Posted after the page's frame is rendered (a message posted during a frame is delivered after it). */
  paint(id: number, stretch: number, commands: Commands): void {
    if (this.pending.size === 0) this.afterFrame.port2.postMessage(0);
    this.pending.set(id, { stretch, commands });
  }

  remove(id: number): void {
    this.canvases.delete(id);
    this.pending.delete(id);
    this.worker.postMessage({ id, drop: true });
    if (this.canvases.size > 0) return;
    this.afterFrame.port1.close();
    this.worker.terminate();
    painter = null;
  }
}

let painter: Painter | null = null;

export class WorkerCanvas {
  readonly element: HTMLCanvasElement;
  private readonly id: number;
  /** counts playing stretches: an answer for an earlier one is stale */
  private stretch = 0;
  private playing = false;
  /** the worker's canvas shows this stretch */
  live = false;

  /**
   * A worker's canvas first in `slot` (with `className`), or null where the browser cannot paint a
   * canvas from a worker; `onLive` is told when it first shows a playing stretch.
   */
  static create(slot: HTMLElement, onLive: () => void, className = 'worker-canvas'): WorkerCanvas | null {
    return supported() ? new WorkerCanvas(slot, onLive, className) : null;
  }

  private constructor(slot: HTMLElement, private readonly onLive: () => void, className: string) {
    this.element = document.createElement('canvas');
    this.element.className = className;
    this.element.setAttribute('aria-hidden', 'true');
    this.element.dataset.paintedBy = 'worker';
    this.element.style.visibility = 'hidden';
    slot.prepend(this.element);
    painter ??= new Painter();
    this.id = painter.add(this, this.element.transferControlToOffscreen());
  }

  /** A moment of playback: `commands` sized and drawn as on the page's own canvas (CSS size `width` x `height`). */
  paint(commands: Commands, width: number, height: number): void {
    if (!this.playing) { this.playing = true; this.stretch++; }
    if (this.element.style.width !== `${width}px`) this.element.style.width = `${width}px`;
    if (this.element.style.height !== `${height}px`) this.element.style.height = `${height}px`;
    painter?.paint(this.id, this.stretch, commands);
  }

  /** The worker has painted the first moment of `stretch`. */
  answered(stretch: number): void {
    if (!this.playing || stretch !== this.stretch || this.live) return;
    this.live = true;
    this.element.style.visibility = '';
    this.onLive();
  }

  /** The run stopped: the page draws its moments itself again. */
  stop(): void {
    if (!this.playing) return;
    this.playing = false;
    this.live = false;
    this.element.style.visibility = 'hidden';
  }

  dispose(): void {
    painter?.remove(this.id);
    this.element.remove();
  }
}
