/** Share links (CONTRACT §2): `#s=<lz-string of the scenario JSON>&t=<ms>&lang=…`. */
import LZString from 'lz-string';
import type { Scenario } from '../sim/types';
import { LIMITS, said, ScenarioError, scenarioWarnings, unknownFields, validateScenario } from './schema';

export const MAX_LINK_LENGTH = 100_000;

export interface LinkState {
  scenario: Scenario;
  /** the moment to open at (virtual ms), if given */
  time: number | null;
  params: Record<string, string>;
  /** what is valid but probably not meant (see scenarioWarnings) */
  warnings: string[];
  /** the fields this version does not know, ignored (the page names them) */
  ignored: string[];
}

/** The `#s=…` fragment of a scenario (and optionally a moment and extra parameters). */
export function encodeLink(scenario: Scenario, time?: number | null, extra: Record<string, string> = {}): string {
  let out = `#s=${LZString.compressToEncodedURIComponent(JSON.stringify(scenario))}`;
  if (time !== undefined && time !== null) out += `&t=${time}`;
  for (const [k, v] of Object.entries(extra)) out += `&${k}=${encodeURIComponent(v)}`;
  return out;
}

/** Split a URL or fragment into its `#…` parameters. */
export function fragmentParams(urlOrFragment: string): Record<string, string> {
  const hashAt = urlOrFragment.indexOf('#');
  const frag = hashAt >= 0 ? urlOrFragment.slice(hashAt + 1) : urlOrFragment;
  // no prototype: a parameter named "__proto__" or "toString" is a parameter like any other
  const params: Record<string, string> = Object.create(null);
  for (const part of frag.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    // `s` is lz-string's own URI-safe alphabet; other values are percent-encoded
    params[key] = key === 's' ? value : safeDecode(value);
  }
  return params;
}

function safeDecode(v: string): string {
  try { return decodeURIComponent(v); } catch { return v; }
}

/** Decode a share link; throws ScenarioError naming what is wrong with it. */
export function decodeLink(urlOrFragment: string): LinkState {
  if (urlOrFragment.length > MAX_LINK_LENGTH) {
    throw new ScenarioError('link', said(`longer than ${MAX_LINK_LENGTH} characters`, `超过 ${MAX_LINK_LENGTH} 个字符`));
  }
  const params = fragmentParams(urlOrFragment);
  const packed = params.s;
  if (!packed) throw new ScenarioError('link', said('no scenario (#s=…) in the link', '链接中没有场景（#s=…）'));
  let json: string | null = null;
  try {
    json = LZString.decompressFromEncodedURIComponent(packed);
  } catch {
    json = null;
  }
  if (!json) throw new ScenarioError('link', said('the scenario part (#s=) is truncated or corrupted and cannot be decompressed',
    '场景部分（#s=）被截断或已损坏，无法解压'));
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    const why = (e as Error).message;
    throw new ScenarioError('link', said(`the scenario is not valid JSON (${why})`, `场景不是有效的 JSON（${why}）`));
  }
  const scenario = validateScenario(data);
  const time = params.t === undefined ? null : parseMoment(params.t, 't');
  return { scenario, time, params, warnings: scenarioWarnings(data), ignored: unknownFields(data) };
}

/**
 * A moment of a run (`&t=`, `--until`): a number of virtual ms from 0 to the run-length limit,
 * written as a JSON number is (so `1e3` here means what `"until": 1e3` means in a file). Number()
 * alone would also read "0x10", "Infinity" or "5.".
 */
export function parseMoment(raw: string | undefined, field: string): number {
  const text = (raw ?? '').trim();
  const ms = Number(text);
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) || ms > LIMITS.maxUntil) {
    throw new ScenarioError(field, said(`must be a number of virtual ms from 0 to ${LIMITS.maxUntil}, got "${raw ?? ''}"`,
      `必须是 0 到 ${LIMITS.maxUntil} 的虚拟毫秒数，实际为 "${raw ?? ''}"`));
  }
  return ms;
}
