/**
 * Names that Object.prototype already carries ("toString", "constructor", "__proto__", …) are
 * user input like any other: a table keyed by what a scenario or a link says must know only its
 * own keys, and a key named "__proto__" must never replace an object's prototype.
 */
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/protocols/config';
import { PROTOCOL_NAMES } from '../../src/protocols/registry';
import { lesson } from '../../src/scenario/lessons';
import { libraryEntry } from '../../src/scenario/library';
import { decodeLink, encodeLink, fragmentParams } from '../../src/scenario/link';
import { parseScenarioText, ScenarioError, scenarioWarnings } from '../../src/scenario/schema';
import { runScenario } from '../../src/scenario/run';
import { viewParams } from '../../src/ui/url';
import type { Scenario } from '../../src/sim/types';

const PROTOTYPE_NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__'];
const base = { version: 1, nodes: 3, seed: 1, events: [] };

/** A scenario file's text with `field` set to `json` (written as text, so "__proto__" is an own key as JSON.parse makes it). */
const fileWith = (protocol: string, field: string, json: string): string =>
  JSON.stringify({ ...base, protocol }).replace(/}$/, `,"${field}":${json}}`);

const refusal = (text: string): ScenarioError => {
  try {
    parseScenarioText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error(`accepted: ${text}`);
};

describe('config keys named after Object.prototype members', () => {
  for (const protocol of PROTOCOL_NAMES) {
    it(`are unknown settings for ${protocol}, refused naming the key`, () => {
      for (const key of PROTOTYPE_NAMES) {
        for (const value of ['1', '{"min":1,"max":2}']) {
          const e = refusal(fileWith(protocol, 'config', `{"${key}":${value}}`));
          expect(e.field).toBe(`config.${key}`);
          expect(e.reason.en).toMatch(/^unknown setting \(known: /);
        }
      }
    });
  }

  it('never replace the prototype of the config a run uses', () => {
    const raw = JSON.parse('{"__proto__":{"heartbeatInterval":7,"polluted":true},"electionTimeout":{"min":5}}');
    const config = withDefaults({ electionTimeout: { min: 150, max: 300 }, heartbeatInterval: 50 }, raw) as Record<string, unknown>;
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(config.polluted).toBeUndefined();
    expect(config.heartbeatInterval).toBe(50);
    expect(config.electionTimeout).toEqual({ min: 5, max: 300 });
    // a knob the defaults leave out is still taken from the scenario, not from Object.prototype
    expect(withDefaults({} as Record<string, unknown>, { toString: 3 }).toString).toBe(3);
  });

  it('a real knob beside them still works', () => {
    const sim = runScenario(parseScenarioText(fileWith('raft', 'config', '{"heartbeatInterval":20}')), 100);
    expect((sim.config as { heartbeatInterval: number }).heartbeatInterval).toBe(20);
  });
});

describe('other tables keyed by what a scenario says', () => {
  it('event types, protocols and bug names named after Object.prototype members are refused', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(refusal(JSON.stringify({ ...base, protocol: 'raft', events: [{ at: 1, type: name }] })).field).toBe('events[0].type');
      expect(refusal(JSON.stringify({ ...base, protocol: name })).field).toBe('protocol');
      for (const protocol of PROTOCOL_NAMES) {
        expect(refusal(JSON.stringify({ ...base, protocol, bugs: [name] })).field).toBe('bugs[0]');
      }
    }
  });

  it('library and lesson ids named after one are unknown', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(() => libraryEntry(name)).toThrow(/^library: no scenario/);
      expect(() => lesson(name)).toThrow(/^lessons: no lesson/);
    }
  });

  it('a top-level field named after one is an unknown field, said in a warning', () => {
    for (const name of PROTOTYPE_NAMES) {
      const text = fileWith('raft', name, '{"until":5}');
      expect(parseScenarioText(text).until).toBeUndefined();
      expect(scenarioWarnings(JSON.parse(text))).toContain(`${name}: unknown field, ignored`);
    }
  });
});

describe('link parameters named after Object.prototype members', () => {
  const scenario: Scenario = { version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [] };

  it('are parameters like any other, never the prototype of the parameters', () => {
    const params = fragmentParams('#__proto__=x&toString=y&constructor=z');
    expect(Object.keys(params)).toEqual(['__proto__', 'toString', 'constructor']);
    expect(params.__proto__).toBe('x');
    expect(params.toString).toBe('y');
    expect(fragmentParams('#a=1').constructor).toBeUndefined();
    expect(decodeLink(`${encodeLink(scenario)}&__proto__=x`).scenario).toEqual(scenario);
  });

  it('a lang or lesson named after one is refused naming lang or step, not taken from Object.prototype', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(() => viewParams(`#s=x&lang=${name}`)).toThrow(/^lang: must be one of en, zh/);
      expect(viewParams(`#lesson=${name}`).lesson).toEqual({ id: name, step: 1 });
      expect(() => viewParams(`#lesson=x&step=${name}`)).toThrow(/^step: /);
    }
  });
});
