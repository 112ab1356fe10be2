/**
 * Files: the trace file carries the CLI's trace hash and every record up to the moment shown
 * (payloads cut when large); an exported scenario or trace file imports back to the same run;
 * a bad file is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import { ScenarioError } from '../../src/scenario/schema';
import { MAX_PAYLOAD_CHARS, readImportedFile, scenarioFileText, traceFile } from '../../src/ui/export';
import { createAppStore } from '../../src/ui/state/store';

const entry = libraryEntry('raft-leader-crash');

describe('trace file', () => {
  it('holds the scenario, the moment, the CLI hash and every record up to that moment', () => {
    const store = createAppStore(entry.scenario, 1300);
    const file = traceFile(store.getState());
    const cli = runScenario(entry.scenario, 1300);
    expect(file.traceHash).toBe(cli.traceHash);
    expect(file.time).toBe(1300);
    expect(file.events).toBe(cli.stats.events);
    expect(file.scenario).toEqual(entry.scenario);
    const records: unknown[] = [];
    runScenario(entry.scenario, 1300, { onTrace: (r) => records.push(r) });
    expect(file.records).toHaveLength(records.length);
    expect(Math.max(...file.records.map((r) => r.time))).toBeLessThanOrEqual(1300);
    const sends = file.records.filter((r) => r.kind === 'send');
    expect(sends.length).toBeGreaterThan(10);
    for (const r of sends) {
      expect(r.message).toMatchObject({ id: expect.any(Number), type: expect.any(String) });
      // a payload is either there, or left out with its size
      expect('payload' in r.message! !== 'payloadChars' in r.message!).toBe(true);
      if (r.message!.payloadChars !== undefined) expect(r.message!.payloadChars).toBeGreaterThan(MAX_PAYLOAD_CHARS);
    }
  });

  it('after moving back, holds only what happened up to the earlier moment', () => {
    const store = createAppStore(entry.scenario, 2000);
    store.getState().seek(300);
    const file = traceFile(store.getState());
    expect(file.traceHash).toBe(runScenario(entry.scenario, 300).traceHash);
    expect(file.records.every((r) => r.time <= 300)).toBe(true);
  });
});

describe('import', () => {
  it('reads back an exported scenario, and a trace file at its moment', () => {
    expect(readImportedFile(scenarioFileText(entry.scenario))).toEqual({ scenario: entry.scenario, time: 0, ignored: [] });
    const store = createAppStore(entry.scenario, 900);
    expect(readImportedFile(JSON.stringify(traceFile(store.getState())))).toEqual({ scenario: entry.scenario, time: 900, ignored: [] });
    // fields this version does not know are named, inside a trace file by their path there
    expect(readImportedFile(JSON.stringify({ ...entry.scenario, seeed: 3 })).ignored).toEqual(['seeed']);
    const trace = traceFile(store.getState());
    expect(readImportedFile(JSON.stringify({ ...trace, scenario: { ...trace.scenario, network: { dropRte: 1 } } })).ignored).toEqual(['scenario.network.dropRte']);
  });

  it.each([
    ['{"version":1,', '(scenario)', /not valid JSON/],
    [JSON.stringify({ ...entry.scenario, version: 2 }), 'version', /newer than this app supports/],
    [JSON.stringify({ ...entry.scenario, nodes: 50 }), 'nodes', /at most 9 nodes/],
    [JSON.stringify({ format: 'consensus-lab-trace', scenario: { ...entry.scenario, seed: -1 }, time: 5 }), 'scenario.seed', /seed/],
  ])('refuses %s naming %s', (text, field, message) => {
    let error: unknown;
    try { readImportedFile(text); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });
});
