/** A new run: protocol, size, seed, network latency and the protocol's own timing knobs. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { PROTOCOLS, PROTOCOL_NAMES } from '../../protocols/registry';
import { ScenarioError, validateScenario } from '../../scenario/schema';
import type { ProtocolName, Scenario } from '../../sim/types';
import { DEFAULT_NETWORK } from '../../sim/network';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { useApp, useAppStoreApi } from '../state/context';
import { selectScenario } from '../state/store';
import { closeLesson } from '../state/lesson';

type Fields = Record<string, string>;

/** The label of each protocol knob's field (its input keeps the knob's own name). */
const KNOB_LABELS: Record<string, (m: Messages) => string> = {
  'electionTimeout.min': (m) => m.knob_electionTimeoutMin,
  'electionTimeout.max': (m) => m.knob_electionTimeoutMax,
  heartbeatInterval: (m) => m.knob_heartbeatInterval,
  maxEntriesPerAppend: (m) => m.knob_maxEntriesPerAppend,
  'retryTimeout.min': (m) => m.knob_retryTimeoutMin,
  'retryTimeout.max': (m) => m.knob_retryTimeoutMax,
  acceptRetry: (m) => m.knob_acceptRetry,
  maxCatchup: (m) => m.knob_maxCatchup,
  maxProposalBatch: (m) => m.knob_maxProposalBatch,
};

/** A knob's label; a knob added to a protocol without one here shows its own name. */
function knobLabel(key: string, m: Messages): string {
  const known = KNOB_LABELS[key];
  if (known) return known(m);
  const [name, part] = key.split('.');
  return part === 'min' ? m.knobMin(name) : part === 'max' ? m.knobMax(name) : m.knob(name);
}

/** A camelCase name (AppendEntries) may wrap between its words in a narrow sidebar. */
function breakable(text: string): ReactNode[] {
  return text.split(/(?<=[a-z])(?=[A-Z])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/** A label whose unit in brackets, "（毫秒）", is never split across lines. */
function labelText(text: string): ReactNode[] {
  return text.split(/(（[^）]*）)/).filter(Boolean).flatMap((part, i): ReactNode[] =>
    (part.startsWith('（') ? [<span key={i} className="unit">{part}</span>] : breakable(part)));
}

/** Flatten a protocol's default config into form fields: ranges become `name.min` / `name.max`. */

export function knobFields(config: Record<string, unknown>, current: Record<string, unknown> | undefined): Fields {
  const out: Fields = {};
  for (const [key, def] of Object.entries(config)) {
    const value = current?.[key] ?? def;
    if (typeof def === 'object' && def !== null && 'min' in def) {
      const v = value as { min: number; max: number };
      out[`${key}.min`] = String(v.min);
      out[`${key}.max`] = String(v.max);
    } else out[key] = String(value);
  }
  return out;
}

function fieldsOf(s: Scenario): Fields {
  const latency = { ...DEFAULT_NETWORK.latency, ...s.network?.latency };
  return {
    protocol: s.protocol, nodes: String(s.nodes), seed: String(s.seed),
    'latency.min': String(latency.min), 'latency.max': String(latency.max),
    ...knobFields(PROTOCOLS[s.protocol].defaultConfig as Record<string, unknown>, s.config),
  };
}

const num = (v: string): number => (v.trim() === '' ? NaN : Number(v));

/** Build the scenario the form describes (validation is the schema's job). */
export function scenarioFromFields(f: Fields): unknown {
  const protocol = f.protocol as ProtocolName;
  const defaults = PROTOCOLS[protocol]?.defaultConfig as Record<string, unknown> | undefined;
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(defaults ?? {})) {
    if (f[`${key}.min`] !== undefined) config[key] = { min: num(f[`${key}.min`]), max: num(f[`${key}.max`]) };
    else if (f[key] !== undefined) config[key] = num(f[key]);
  }
  return {
    version: 1, protocol, nodes: num(f.nodes), seed: num(f.seed),
    network: { latency: { min: num(f['latency.min']), max: num(f['latency.max']) } },
    config, events: [],
  };
}

export function SetupPanel() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const scenario = useApp(selectScenario);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(scenario));
  const [error, setError] = useState<ScenarioError | null>(null);
  const set = (k: string, v: string) => setFields((f) => ({ ...f, [k]: v }));

  const changeProtocol = (p: ProtocolName) => {
    const base: Fields = { ...fields, protocol: p };
    for (const k of Object.keys(base)) if (!['protocol', 'nodes', 'seed', 'latency.min', 'latency.max'].includes(k)) delete base[k];
    setFields({ ...base, ...knobFields(PROTOCOLS[p].defaultConfig as Record<string, unknown>, undefined) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const s = validateScenario(scenarioFromFields(fields));
      setError(null);
      closeLesson(store); // a new run leaves the lesson
      store.getState().load(s, 0);
    } catch (err) {
      if (err instanceof ScenarioError) setError(err);
      else throw err;
    }
  };

  const invalid = (name: string) => (error && (error.field === name || error.field === `config.${name}` ||
    error.field === `network.${name}`) ? true : undefined);
  const input = (name: string, label: string) => (
    <label key={name} className="field">
      <span>{labelText(label)}</span>
      <input type="number" name={name} value={fields[name] ?? ''} aria-invalid={invalid(name)}
        onChange={(e) => set(name, e.target.value)} />
    </label>
  );

  const knobs = Object.keys(fields).filter((k) => !['protocol', 'nodes', 'seed', 'latency.min', 'latency.max'].includes(k));
  return (
    <form className="setup" onSubmit={submit} noValidate>
      <label className="field">
        <span>{m.protocol}</span>
        <select name="protocol" value={fields.protocol} onChange={(e) => changeProtocol(e.target.value as ProtocolName)}>
          {PROTOCOL_NAMES.map((p) => <option key={p} value={p}>{m[`protocol_${p}`]}</option>)}
        </select>
      </label>
      {input('nodes', m.nodes)}
      {input('seed', m.seed)}
      {input('latency.min', m.latencyMin)}
      {input('latency.max', m.latencyMax)}
      {knobs.map((k) => input(k, knobLabel(k, m)))}
      {error && <p role="alert" className="field-error" data-field={error.field}>{error.detail(lang)}</p>}
      <button type="submit" className="primary">{m.newRun}</button>
    </form>
  );
}
