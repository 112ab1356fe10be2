/**
 * The page's painter while the run plays: replays the commands the page records for each moment
 * (canvasPen.ts) on the canvases the page handed over (workerCanvas.ts: the stage, the clock, the
 * scrubber's thumb), so that rasterising them runs on this thread instead of the page's. It answers
 * the first moment of each playing stretch of a canvas once that moment is on it, so the page shows
 * the canvas only then.
 */
import { replay } from './canvasPen';
import { drawGlyph } from './glyphSprites';

type Message =
  | { id: number; canvas: OffscreenCanvas }
  | { id: number; drop: true }
  | { moments: { id: number; stretch: number; commands: (number | string)[] }[] };

interface Painted { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D | null; answered: number }

const canvases = new Map<number, Painted>();

self.onmessage = (e: MessageEvent<Message>) => {
  const data = e.data;
  if ('moments' in data) {
    for (const { id, stretch, commands } of data.moments) {
      const painted = canvases.get(id);
      if (!painted?.ctx) continue;
      const { canvas } = painted;
      replay(painted.ctx, commands, (width, height) => {
        if (canvas.width !== width) canvas.width = width;
        if (canvas.height !== height) canvas.height = height;
      }, drawGlyph);
      if (stretch !== painted.answered) {
        painted.answered = stretch;
        // after this task, once the canvas has been handed to the compositor
        setTimeout(() => self.postMessage({ id, stretch }), 0);
      }
    }
  } else if ('drop' in data) {
    canvases.delete(data.id);
  } else {
    canvases.set(data.id, { canvas: data.canvas, ctx: data.canvas.getContext('2d'), answered: -1 });
  }
};
