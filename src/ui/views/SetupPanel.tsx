/** A new run: protocol, size, seed, network latency and the protocol's own timing knobs. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { PROTOCOLS, PROTOCOL_NAMES, isProtocolName } from '../../protocols/registry';
import { PROTOCOL_VIEWS } from '../protocols';
import { ScenarioError, validateScenario } from '../../scenario/schema';
import type { Scenario } from '../../sim/types';
import { DEFAULT_NETWORK } from '../../sim/network';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { useApp, useAppStoreApi } from '../state/context';
import { selectScenario } from '../state/store';
import { closeLesson } from '../state/lesson';
import { breakable } from './breakable';

type Fields = Record<string, string>;

/** A knob's label: the view's own, else the knob's name. */
function knobLabel(protocol: string, key: string, m: Messages): string {
  const labels = PROTOCOL_VIEWS[protocol]?.knobLabels;
  const known = labels && Object.hasOwn(labels, key) ? labels[key] : undefined;
  if (known) return known(m);
  const [name, part] = key.split('.');
  return part === 'min' ? m.knobMin(name) : part === 'max' ? m.knobMax(name) : m.knob(name);
}

/** A label whose short unit in brackets, "（毫秒）", is never split across lines (a longer aside,
 *  "（编号；留空：全部）", may wrap: kept whole it would run under the field in a narrow sidebar). */
function labelText(text: string): ReactNode[] {
  return text.split(/(（[^）]*）)/).filter(Boolean).flatMap((part, i): ReactNode[] =>
    (part.startsWith('（') && part.length <= 6 ? [<span key={i} className="unit">{part}</span>] : breakable(part)));
}

/** A protocol's knobs as form fields (its defaults overlaid by `current`): a range becomes
 *  `name.min` and `name.max`, a switch "true" or "false". */
export function knobFields(protocol: string, current: Record<string, unknown> | undefined): Fields {
  const { knobs, defaultConfig } = PROTOCOLS[protocol];
  const out: Fields = {};
  for (const [key, knob] of Object.entries(knobs)) {
    const def = (defaultConfig as Record<string, unknown>)[key];
    const value = current && Object.hasOwn(current, key) ? current[key] : def;
    if (knob.kind === 'range') {
      const v = { ...(def as object), ...(value as object) } as { min: number; max: number };
      out[`${key}.min`] = String(v.min);
      out[`${key}.max`] = String(v.max);
    } else if (knob.kind === 'members') out[key] = Array.isArray(value) ? value.join(', ') : ''; // empty: every node
    else out[key] = String(value);
  }
  return out;
}

function fieldsOf(s: Scenario): Fields {
  const latency = { ...DEFAULT_NETWORK.latency, ...s.network?.latency };
  return {
    protocol: s.protocol, nodes: String(s.nodes), seed: String(s.seed),
    'latency.min': String(latency.min), 'latency.max': String(latency.max),
    ...knobFields(s.protocol, s.config),
  };
}

const num = (v: string): number => (v.trim() === '' ? NaN : Number(v));

/** Build the scenario the form describes (validation is the schema's job). */
export function scenarioFromFields(f: Fields): unknown {
  const protocol = f.protocol;
  const knobs = isProtocolName(protocol) ? PROTOCOLS[protocol].knobs : {};
  const config: Record<string, unknown> = {};
  for (const [key, knob] of Object.entries(knobs)) {
    if (knob.kind === 'range') config[key] = { min: num(f[`${key}.min`]), max: num(f[`${key}.max`]) };
    else if (knob.kind === 'boolean') config[key] = f[key] === 'true';
    else if (knob.kind === 'enum') config[key] = f[key];
    else if (knob.kind === 'members') {
      if ((f[key] ?? '').trim() !== '') config[key] = f[key].split(/[\s,，、]+/).filter(Boolean).map(num);
    } else config[key] = num(f[key]);
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
  // the form starts over from each newly loaded run: the same elements take its values (rebuilding
  // them cost a library load ~2.5 ms of its mean: 20 loads in a page, 6 interleaved rounds). A run
  // is known by everything the form shows: two library runs may differ in a knob alone (PreVote,
  // the read mode), and the form must not keep the last run's knobs for the new one
  const run = `${scenario.protocol}|${scenario.nodes}|${scenario.seed}|${JSON.stringify(scenario.network?.latency ?? null)}|${JSON.stringify(scenario.config ?? null)}`;
  const [fieldsOfRun, setFieldsOfRun] = useState(run);
  if (fieldsOfRun !== run) {
    setFieldsOfRun(run);
    setFields(fieldsOf(scenario));
    setError(null);
  }
  const set = (k: string, v: string) => setFields((f) => ({ ...f, [k]: v }));

  const changeProtocol = (p: string) => {
    const base: Fields = { ...fields, protocol: p };
    for (const k of Object.keys(base)) if (!['protocol', 'nodes', 'seed', 'latency.min', 'latency.max'].includes(k)) delete base[k];
    setFields({ ...base, ...knobFields(p, undefined) });
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
  const knobTable = PROTOCOLS[fields.protocol]?.knobs ?? {};
  // a switch is a checkbox, a choice a menu, every other knob a number
  const knobInput = (key: string) => {
    const knob = Object.hasOwn(knobTable, key) ? knobTable[key] : undefined;
    const label = knobLabel(fields.protocol, key, m);
    if (knob?.kind === 'boolean') {
      return (
        <label key={key} className="field toggle">
          <input type="checkbox" name={key} checked={fields[key] === 'true'} aria-invalid={invalid(key)}
            onChange={(e) => set(key, String(e.target.checked))} />
          <span>{labelText(label)}</span>
        </label>
      );
    }
    if (knob?.kind === 'enum') {
      // a choice's name ("read-index") is wider than the number column: the menu takes the full width
      return (
        <label key={key} className="field field-stacked">
          <span>{labelText(label)}</span>
          <select name={key} value={fields[key]} aria-invalid={invalid(key)} onChange={(e) => set(key, e.target.value)}>
            {knob.values.map((v) => <option key={v} value={v}>{m.knobValue(key, v)}</option>)}
          </select>
        </label>
      );
    }
    if (knob?.kind === 'members') {
      return (
        <label key={key} className="field">
          <span>{labelText(label)}</span>
          <input type="text" name={key} value={fields[key] ?? ''} placeholder={m.knobMembersAll} aria-invalid={invalid(key)}
            inputMode="numeric" onChange={(e) => set(key, e.target.value)} />
        </label>
      );
    }
    return input(key, label);
  };
  return (
    <form className="setup" onSubmit={submit} noValidate>
      <label className="field field-stacked">
        <span>{m.protocol}</span>
        <select name="protocol" value={fields.protocol} onChange={(e) => changeProtocol(e.target.value)}>
          {PROTOCOL_NAMES.map((p) => <option key={p} value={p}>{m[`protocol_${p}`]}</option>)}
        </select>
      </label>
      {input('nodes', m.nodes)}
      {input('seed', m.seed)}
      {input('latency.min', m.latencyMin)}
      {input('latency.max', m.latencyMax)}
      {knobs.map(knobInput)}
      {error && <p role="alert" className="field-error" data-field={error.field}>{error.detail(lang)}</p>}
      <button type="submit" className="primary">{m.newRun}</button>
    </form>
  );
}
