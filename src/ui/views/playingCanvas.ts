/**
 * While the run plays, what moves on the stage (the timer arcs, the lease bars, the messages with
 * their terms and labels) is drawn on the stage's canvas. Redrawing a canvas costs the page no
 * style, layout or paint: moving SVG elements made the browser repaint the whole document every
 * frame, a few milliseconds each on a page this size. Paused, the same marks are SVG elements
 * again (movingLayer.ts), for hover, clicks and the tests; the looks here follow styles.css and
 * teaching.css so that the switch does not show.
 */
import type { Messages } from '../i18n/en';
import { messageLook, type ProtocolView } from '../protocols/types';
import type { Point } from './layout';
import { PRESENT_DOT_SCALE, type PlacedMessage } from './messageGeometry';
import { isHollow, shapeOf, traceShape } from './messageGlyph';
import { LABEL, PRESENT_LABEL } from './messageLabels';
import { drawGlyph } from './glyphSprites';
import type { Pen } from './canvasPen';

/** A ring round a node that runs down: its timer (`heartbeat` drawn in the leader's colour) or a view's bar. */
export interface Ring { at: Point; fraction: number; kind: 'timer' | 'heartbeat' | 'bar' }

export interface PlayingStage {
  width: number; height: number;
  /** the nodes' radius: timers sit 3-7 px outside it, bars 15-20 px */
  r: number;
  present: boolean;
  rings: readonly Ring[];
  placed: readonly PlacedMessage[];
  /** the messages whose label is drawn (null: none) */
  labelled: ReadonlySet<number> | null;
  selected: number | null;
  view: ProtocolView;
  m: Messages;
  /** a theme colour by CSS variable name */
  color: (name: string) => string;
  font: string;
  /** the SVG marks' radius (movingLayer.ts MESSAGE_RADIUS) */
  radius: number;
}

const TAU = 2 * Math.PI;
/** d3's arcs start at 12 o'clock, the canvas's at 3. */
const TOP = -Math.PI / 2;

function annulus(ctx: Pen, c: Point, inner: number, outer: number, fraction: number): void {
  const end = TOP + TAU * fraction;
  ctx.beginPath();
  ctx.arc(c.x, c.y, outer, TOP, end);
  ctx.arc(c.x, c.y, inner, end, TOP, true);
  ctx.closePath();
  ctx.fill();
}

function drawRings(ctx: Pen, s: PlayingStage): void {
  for (const ring of s.rings) {
    if (ring.kind === 'bar') {
      ctx.globalAlpha = 0.5;
      ctx.fillStyle = s.color('--line');
      annulus(ctx, ring.at, s.r + 15, s.r + 20, 1);
      ctx.globalAlpha = 1;
      ctx.fillStyle = s.color('--lease');
      if (ring.fraction > 0) annulus(ctx, ring.at, s.r + 15, s.r + 20, ring.fraction);
    } else if (ring.fraction > 0) {
      ctx.globalAlpha = ring.kind === 'heartbeat' ? 0.45 : 0.75;
      ctx.fillStyle = s.color(ring.kind === 'heartbeat' ? '--leader' : '--muted');
      annulus(ctx, ring.at, s.r + 3, s.r + 7, ring.fraction);
    }
  }
  ctx.globalAlpha = 1;
}

/** A message's outline as the stylesheet has it: its state's colour and width, the kind's for a hollow shape. */
function outline(s: PlayingStage, p: PlacedMessage, tone: string | undefined, hollow: boolean, kind: string): { color: string; width: number; dash: boolean } {
  if (s.selected === p.msg.id) return { color: s.color('--fg'), width: 3, dash: false };
  if (p.doomed) return { color: s.color('--danger'), width: hollow ? 2.5 : 1.5, dash: true };
  if (p.held) return { color: s.color('--accent'), width: 2, dash: false };
  if (tone === 'fail') return { color: s.color('--danger'), width: 2, dash: false };
  if (tone === 'ok') return { color: s.color('--ok'), width: 2, dash: false };
  return hollow ? { color: s.color(kind), width: 2.5, dash: false } : { color: s.color('--panel'), width: 1.5, dash: false };
}

function drawMessages(ctx: Pen, s: PlayingStage): void {
  // drawn in the stage's own coordinates (no save and restore per message: hundreds a frame)
  const scale = s.present ? PRESENT_DOT_SCALE : 1;
  const badgeFont = `700 ${s.present ? 18 : 9.5}px ${s.font}`;
  const markFont = `700 ${s.present ? 18 : 11}px ${s.font}`;
  const doomFont = `700 ${s.present ? 18 : 12}px ${s.font}`;
  const label = s.present ? PRESENT_LABEL : LABEL;
  const labelFont = `${label.fontPx}px ${s.font}`;
  const dpr = window.devicePixelRatio || 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.lineJoin = 'round';
  for (const p of s.placed) {
    const look = messageLook(s.view, p.msg, s.m);
    const shape = shapeOf(look.category);
    const hollow = isHollow(shape);
    const kind = `--msg-${look.category}`;
    const { x, y } = p;
    ctx.globalAlpha = p.doomed ? 1 - 0.8 * p.dying : 1;
    // the shape, scaled as the stylesheet scales the SVG's (its outline with it): a copy of its
    // look's bitmap, unless it is shrinking away
    const line = outline(s, p, look.tone, hollow, kind);
    const glyph = {
      shape, radius: scale * (p.doomed ? s.radius - 4 * p.dying : s.radius), fill: s.color(hollow ? '--panel' : kind),
      stroke: line.color, lineWidth: line.width * scale, dash: line.dash ? 3 * scale : 0,
    };
    if (p.dying === 0) drawGlyph(ctx, glyph, x, y, dpr);
    else {
      ctx.beginPath();
      traceShape(ctx, shape, x, y, glyph.radius);
      ctx.fillStyle = glyph.fill;
      ctx.fill();
      ctx.setLineDash([glyph.dash, glyph.dash]);
      ctx.lineWidth = glyph.lineWidth;
      ctx.strokeStyle = glyph.stroke;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (look.badge && !p.dying) {
      ctx.font = badgeFont;
      ctx.fillStyle = s.color(hollow ? kind : '--msg-badge');
      ctx.fillText(look.badge, x, y + (shape === 'triangle' || shape === 'hollow-triangle' ? 3.5 : 3));
    }
    if (look.tone === 'fail') {
      ctx.font = markFont;
      ctx.fillStyle = s.color('--danger');
      ctx.fillText(s.m.failed, x - s.radius - 3, y - 6);
    }
    if (p.doomed) {
      ctx.font = doomFont;
      ctx.fillStyle = s.color('--danger');
      ctx.fillText(s.m.crossMark, x + s.radius + 2, y - 6);
    }
    if (s.labelled?.has(p.msg.id)) {
      ctx.font = labelFont;
      ctx.lineWidth = 3;
      ctx.strokeStyle = s.color('--panel');
      ctx.strokeText(look.label, x, y + label.offsetY);
      ctx.fillStyle = s.color('--muted');
      ctx.fillText(look.label, x, y + label.offsetY);
    }
  }
  ctx.globalAlpha = 1;
}

/** Draws the moment on a canvas sized to the stage and cleared, its origin at the stage's centre. */
export function drawPlayingStage(ctx: Pen, s: PlayingStage, messages: 'marks' | 'none'): void {
  drawRings(ctx, s);
  if (messages === 'marks') drawMessages(ctx, s);
}
