/**
 * The playing stage's painter: replays the commands the page records for each moment of playback
 * (canvasPen.ts) on the canvas the page handed over (offscreenStage.ts), so that rasterising the
 * timers and messages runs on this thread instead of the page's. It answers the first moment of
 * each playing stretch once that moment is on its canvas, so the page shows the canvas only then.
 */
import { replay } from './canvasPen';
import { drawGlyph } from './glyphSprites';

interface Init { canvas: OffscreenCanvas }
interface Moment { stretch: number; commands: (number | string)[] }

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;
let answered = -1;

const resize = (width: number, height: number): void => {
  if (!canvas) return;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
};

self.onmessage = (e: MessageEvent<Init | Moment>) => {
  const data = e.data;
  if ('canvas' in data) {
    canvas = data.canvas;
    ctx = canvas.getContext('2d');
    return;
  }
  if (!ctx) return;
  replay(ctx, data.commands, resize, drawGlyph);
  if (data.stretch !== answered) {
    answered = data.stretch;
    // after this task, once the canvas has been handed to the compositor
    setTimeout(() => self.postMessage(data.stretch), 0);
  }
};
