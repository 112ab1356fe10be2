/**
 * The page's fragment beyond CONTRACT §2. `#s=<scenario>&t=<ms>` stays exactly as the contract
 * says; the page adds optional parameters that only change how the run is presented:
 *   &lang=en|zh         the language to open in
 *   &lesson=<id>&step=<n>  a guided lesson at step n (1-based, as the step counter shows it);
 *                       such a link may carry no `s=`, and then the lesson's own scenario is used
 *   &embed=1            the cluster and a minimal control bar only (for iframes)
 *   &panels=a,b,…       in embed mode, the stage panels the author picked: cluster, logs (the
 *                       protocol's panel), spacetime, history, scrubber, speed (default: cluster)
 *   &present=1          presenter mode: large type, high contrast
 *   &compare=<protocol> compare mode: the same script on that protocol too, side by side, one clock
 *   &history=1          the history view open on the stage (a kv workload's operations per client)
 */
import { LANGS, type Lang } from '../protocols/explain';
import { encodeLink, fragmentParams } from '../scenario/link';
import type { Scenario } from '../sim/types';
import { PROTOCOL_NAMES, isProtocolName, type ProtocolName } from '../protocols/registry';
import { said, ScenarioError } from '../scenario/schema';

/** What an embedded page can show, as `&panels=` names them. */
export const EMBED_PANELS = ['cluster', 'logs', 'spacetime', 'history', 'scrubber', 'speed'] as const;
export type EmbedPanel = (typeof EMBED_PANELS)[number];

export interface ViewParams {
  lang: Lang | null;
  lesson: { id: string; step: number } | null;
  embed: boolean;
  present: boolean;
  /** embed mode's panels; absent or null: the cluster alone */
  panels?: readonly EmbedPanel[] | null;
  /** compare mode's second protocol; absent or null: no comparison */
  compare?: ProtocolName | null;
  /** the history view open on the stage; absent: closed */
  history?: boolean;
}

/** `&panels=cluster,logs`: known names, at least one; throws naming `panels`. */
function embedPanels(value: string | undefined): readonly EmbedPanel[] | null {
  if (value === undefined) return null;
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.find((n) => !(EMBED_PANELS as readonly string[]).includes(n));
  if (unknown !== undefined) {
    throw new ScenarioError('panels', said(`must be a comma-separated list of ${EMBED_PANELS.join(', ')}, got "${unknown}"`,
      `必须是以逗号分隔的 ${EMBED_PANELS.join('、')} 列表，实际有 "${unknown}"`));
  }
  return EMBED_PANELS.filter((n) => names.includes(n));
}

const isOn = (v: string | undefined): boolean => v === '1' || v === 'true';

/** The presentation parameters of a fragment; throws ScenarioError naming a bad one. */
export function viewParams(hash: string): ViewParams {
  const p = fragmentParams(hash);
  let lang: Lang | null = null;
  if (p.lang !== undefined) {
    if (!(LANGS as readonly string[]).includes(p.lang)) {
      throw new ScenarioError('lang', said(`must be one of ${LANGS.join(', ')}, got "${p.lang}"`, `必须是 ${LANGS.join('、')} 之一，实际为 "${p.lang}"`));
    }
    lang = p.lang as Lang;
  }
  let lesson: ViewParams['lesson'] = null;
  if (p.lesson !== undefined) {
    const step = p.step === undefined ? 1 : Number(p.step);
    if (!Number.isInteger(step) || step < 1) {
      throw new ScenarioError('step', said(`must be a whole number from 1, got "${p.step}"`, `必须是从 1 起的整数，实际为 "${p.step}"`));
    }
    lesson = { id: p.lesson, step };
  } else if (p.step !== undefined) {
    throw new ScenarioError('step', said('needs a lesson (&lesson=<id>)', '需要指明课程（&lesson=<id>）'));
  }
  const panels = embedPanels(p.panels);
  if (p.compare !== undefined && !isProtocolName(p.compare)) {
    throw new ScenarioError('compare', said(`must be one of ${PROTOCOL_NAMES.join(', ')}, got "${p.compare}"`,
      `必须是 ${PROTOCOL_NAMES.join('、')} 之一，实际为 "${p.compare}"`));
  }
  return { lang, lesson, embed: isOn(p.embed), present: isOn(p.present), ...(panels ? { panels } : {}),
    ...(p.compare !== undefined ? { compare: p.compare as ProtocolName } : {}), ...(isOn(p.history) ? { history: true } : {}) };
}

/** Does the fragment carry a scenario (`s=`)? An empty `s=` counts, so that it is reported, not ignored. */
export const hasScenario = (hash: string): boolean => fragmentParams(hash).s !== undefined;

/** Is this fragment's scenario the same as `scenario`'s? (compares the `s=` part only) */
export function sameScenario(hash: string, scenario: Scenario): boolean {
  return fragmentParams(hash).s === fragmentParams(encodeLink(scenario)).s;
}

/** The fragment of a scenario with the presentation parameters (and, for Share, the moment). */
export function pageFragment(scenario: Scenario, view: ViewParams, time?: number | null): string {
  const extra: Record<string, string> = {};
  if (view.lang) extra.lang = view.lang;
  if (view.lesson) { extra.lesson = view.lesson.id; extra.step = String(view.lesson.step); }
  if (view.embed) extra.embed = '1';
  if (view.present) extra.present = '1';
  if (view.embed && view.panels) extra.panels = view.panels.join(',');
  if (view.compare) extra.compare = view.compare;
  if (view.history) extra.history = '1';
  return encodeLink(scenario, time, extra);
}
