/**
 * Files out of and into the page: the scenario as JSON, the run's trace as JSON, the cluster
 * view as SVG (styles inlined, so it looks the same anywhere) and as PNG for slides.
 */
import type { TraceRecord } from '../sim/trace';
import type { Scenario } from '../sim/types';
import { encodeLink } from '../scenario/link';
import { parseScenarioText, ScenarioError, unknownFields, validateScenario, withoutBom } from '../scenario/schema';
import type { AppState } from './state/store';

/** Tag of a trace file, so importing one opens its scenario at its moment. */
export const TRACE_FORMAT = 'consensus-lab-trace';
/** A message payload longer than this (as JSON) is left out of the trace file; its size is kept. */
export const MAX_PAYLOAD_CHARS = 400;

export const scenarioFileText = (scenario: Scenario): string => `${JSON.stringify(scenario, null, 2)}\n`;

/** A short, safe file name for the run at the moment shown. */
export function fileStem(s: AppState): string {
  const t = String(s.frame.timeMs).replace('.', '_');
  return `consensus-lab-${s.scenario.protocol}-seed${s.scenario.seed}-${t}ms`;
}

interface TraceMessage { id: number; type: string; from: number; to: number; sentAt: number; deliverAt: number; lost: boolean; payload?: unknown; payloadChars?: number }
interface TraceFileRecord { event: number; time: number; kind: string; node: number; what: string; message?: TraceMessage; data?: unknown }

function recordOut(r: TraceRecord): TraceFileRecord {
  const out: TraceFileRecord = { event: r.event, time: r.time, kind: r.kind, node: r.node, what: r.what };
  if (r.msg) {
    const m = r.msg;
    const msg: TraceMessage = { id: m.id, type: m.type, from: m.from, to: m.to, sentAt: m.sentAt, deliverAt: m.deliverAt, lost: m.lost };
    const text = JSON.stringify(m.payload) ?? 'null';
    if (text.length <= MAX_PAYLOAD_CHARS) msg.payload = m.payload;
    else msg.payloadChars = text.length;
    out.message = msg;
  }
  if (r.data !== undefined) out.data = r.data;
  return out;
}

/** The trace file: the scenario, the moment shown, its trace hash and every record up to it. */
export function traceFile(s: AppState) {
  const { frame, timeline, scenario } = s;
  return {
    format: TRACE_FORMAT,
    version: 1,
    scenario,
    time: frame.timeMs,
    events: frame.events,
    traceHash: frame.traceHash,
    url: encodeLink(scenario, frame.timeMs),
    records: timeline.traceUntilEvent(frame.events).map(recordOut),
  };
}

/**
 * What an imported file opens: a scenario file at 0, or a trace file at its moment, and the fields
 * of its scenario this version ignored. Throws ScenarioError.
 */
export function readImportedFile(text: string): { scenario: Scenario; time: number; ignored: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(withoutBom(text));
  } catch {
    return { scenario: parseScenarioText(text), time: 0, ignored: [] }; // names the JSON error
  }
  if (data && typeof data === 'object' && (data as { format?: unknown }).format === TRACE_FORMAT) {
    const trace = data as { scenario?: unknown; time?: unknown };
    let scenario: Scenario;
    try {
      scenario = validateScenario(trace.scenario);
    } catch (e) {
      if (e instanceof ScenarioError) throw new ScenarioError(`scenario.${e.field}`, e.reason);
      throw e;
    }
    const time = typeof trace.time === 'number' && Number.isFinite(trace.time) && trace.time >= 0 ? trace.time : 0;
    return { scenario, time, ignored: unknownFields(trace.scenario).map((f) => `scenario.${f}`) };
  }
  return { scenario: validateScenario(data), time: 0, ignored: unknownFields(data) };
}

/** Save `content` as a file through the browser's download. */
export function download(name: string, content: Blob | string, type = 'application/json'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own copy once started
  requestAnimationFrame(() => URL.revokeObjectURL(url));
}

/** The computed styles an SVG needs to look the same outside the page's stylesheet. */
const INHERITED_STYLES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility',
] as const;
/** Styles that do not inherit, with their initial values (written only when they differ). */
const OWN_STYLES: Record<string, string> = { opacity: '1', display: 'inline', filter: 'none' };

/**
 * Copy the computed styles of `source` (and its subtree) onto `copy` as style attributes: an
 * inherited property only where it differs from the parent, so the file stays small. Attributes
 * that point at the page's CSS variables or classes go.
 */
function inlineStyles(source: Element, copy: Element, parent: CSSStyleDeclaration | null): void {
  const style = getComputedStyle(source);
  const parts: string[] = [];
  for (const p of INHERITED_STYLES) {
    const v = style.getPropertyValue(p);
    if (!parent || parent.getPropertyValue(p) !== v) parts.push(`${p}:${v}`);
  }
  for (const [p, initial] of Object.entries(OWN_STYLES)) {
    const v = style.getPropertyValue(p);
    // display matters to SVG only when it hides an element
    if (p === 'display' ? v === 'none' : v !== initial) parts.push(`${p}:${v}`);
  }
  if (parts.length > 0) copy.setAttribute('style', parts.join(';'));
  else copy.removeAttribute('style');
  copy.removeAttribute('class');
  for (const attr of ['fill', 'stroke']) {
    if (copy.getAttribute(attr)?.includes('var(')) copy.removeAttribute(attr);
  }
  const from = source.children;
  const to = copy.children;
  for (let i = 0; i < from.length; i++) inlineStyles(from[i], to[i], style);
}

/**
 * The cluster view as one standalone SVG: its layers (canvas dots as an embedded image, nodes
 * and links, timers and messages) on the panel's background, every style inlined.
 */
export function clusterSvg(cluster: HTMLElement): { svg: string; width: number; height: number } {
  // in the order they stack: the canvases (in their slot, under the SVG layers: the page's, with
  // many messages, and the worker's while the run plays), then the SVG layers; a hidden canvas
  // (the worker's, the run stopped) holds nothing shown
  const layers = [...cluster.querySelectorAll<SVGSVGElement | HTMLCanvasElement>(':scope > svg, :scope > .cluster-canvas-slot > canvas')]
    .filter((layer) => !(layer instanceof HTMLCanvasElement) || getComputedStyle(layer).visibility !== 'hidden');
  const first = cluster.querySelector<SVGSVGElement>(':scope > svg');
  if (!first) throw new Error('the cluster view is not on screen');
  const width = first.width.baseVal.value;
  const height = first.height.baseVal.value;
  const ns = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(ns, 'svg');
  root.setAttribute('xmlns', ns);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', first.getAttribute('viewBox') ?? `0 0 ${width} ${height}`);
  const panel = getComputedStyle(cluster.closest('.panel') ?? cluster).backgroundColor;
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('x', String(-width / 2));
  background.setAttribute('y', String(-height / 2));
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', panel);
  root.append(background);
  for (const layer of layers) {
    if (layer instanceof HTMLCanvasElement) {
      const image = document.createElementNS(ns, 'image');
      image.setAttribute('href', layer.toDataURL('image/png'));
      image.setAttribute('x', String(-width / 2));
      image.setAttribute('y', String(-height / 2));
      image.setAttribute('width', String(width));
      image.setAttribute('height', String(height));
      root.append(image);
      continue;
    }
    const copy = layer.cloneNode(true) as SVGSVGElement;
    inlineStyles(layer, copy, null);
    // the layer's own styles (font, colours) are what its children inherit
    const group = document.createElementNS(ns, 'g');
    const own = copy.getAttribute('style');
    if (own) group.setAttribute('style', own);
    group.append(...copy.childNodes);
    root.append(group);
  }
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/** Render an SVG into a PNG on an offscreen canvas, `scale` device pixels per CSS pixel. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(w, h);
      canvas.getContext('2d')!.drawImage(image, 0, 0, w, h);
      return await canvas.convertToBlob({ type: 'image/png' });
    }
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')!.drawImage(image, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
