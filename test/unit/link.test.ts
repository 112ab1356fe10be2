/**
 * Share links (CONTRACT §2): `#s=<lz-string of the scenario JSON>` with optional `&t=`; they
 * round-trip exactly, and a damaged or hostile link is rejected with a clear message.
 */
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { MAX_LINK_LENGTH, decodeLink, encodeLink, parseMoment } from '../../src/scenario/link';
import { ScenarioError } from '../../src/scenario/schema';
import { buildReport, runScenario } from '../../src/scenario/run';
import { raftScenario } from './support/cluster';

const scenario = raftScenario({
  nodes: 5, seed: 77, until: 4000, network: { dropRate: 0.05 },
  events: [
    { at: 500, type: 'request', node: 'leader', command: 'x=1 & y=2 #?%' },
    { at: 1000, type: 'crash', node: 'leader' },
    { at: 1500, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
  ],
  meta: { title: 'Une démo, 一个演示' },
});

const rejected = (link: string): string => {
  try {
    decodeLink(link);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${link.slice(0, 80)}`);
};

describe('round trip', () => {
  it('decodes to the very scenario encoded, with its moment and extra parameters', () => {
    const link = encodeLink(scenario, 1234.5, { lang: 'zh' });
    expect(link).toMatch(/^#s=[A-Za-z0-9+\-$]+&t=1234\.5&lang=zh$/);
    const back = decodeLink(`https://example.org/lab/index.html${link}`);
    expect(back.scenario).toEqual(scenario);
    expect(back.time).toBe(1234.5);
    expect(back.params.lang).toBe('zh');
    expect(decodeLink(link.slice(1)).scenario).toEqual(scenario); // without the leading '#'
    expect(decodeLink(encodeLink(scenario)).time).toBeNull();
    expect(decodeLink(link).ignored).toEqual([]);
  });

  it('names the fields it ignored: a misspelt one opens the run without it', () => {
    const typo = `#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ ...scenario, network: { dropRte: 0.5 }, colour: 'red' }))}`;
    const back = decodeLink(typo);
    expect(back.ignored).toEqual(['network.dropRte', 'colour']);
    expect(back.scenario.network).toEqual({});
  });

  it('replays identically: the decoded scenario gives the same trace hash', () => {
    const direct = buildReport(runScenario(scenario));
    const viaLink = buildReport(runScenario(decodeLink(direct.url).scenario));
    expect(viaLink.traceHash).toBe(direct.traceHash);
    expect(direct.url).toBe(encodeLink(scenario));
  });
});

describe('damaged and hostile links', () => {
  const link = encodeLink(scenario);

  it('rejects a moment that is empty, negative or past the longest run, naming t', () => {
    for (const t of ['', '-1', 'soon', '1e10', '3600001', '0x10', '1e7', 'Infinity', '5.', '.5', '1e', '+5']) {
      expect(() => decodeLink(`${link}&t=${t}`)).toThrow(/^t: must be a number of virtual ms from 0 to 3600000/);
    }
    expect(decodeLink(`${link}&t=3600000`).time).toBe(3_600_000);
    expect(parseMoment(' 250.5 ', '--until')).toBe(250.5);
    expect(() => parseMoment(undefined, '--until')).toThrow(/^--until: /);
  });

  it('reads a moment as JSON reads a number, so 1e3 means what "until": 1e3 means in a file', () => {
    expect(decodeLink(`${link}&t=1e3`).time).toBe(1000);
    expect(parseMoment('2.5E2', '--until')).toBe(250);
    expect(parseMoment('36e5', '--until')).toBe(3_600_000);
    expect(parseMoment('5e-1', '--until')).toBe(0.5);
  });

  it('rejects every truncation of the scenario part (bar lz-string\'s last padding character)', () => {
    const messages = new Set<string>();
    for (let cut = 3; cut < link.length; cut++) {
      try {
        // the final character only pads the last bits: without it the scenario is still whole
        expect(decodeLink(link.slice(0, cut)).scenario).toEqual(scenario);
        expect(cut).toBe(link.length - 1);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        messages.add((e as Error).message);
      }
    }
    expect(messages.size).toBeGreaterThan(0);
    for (const m of messages) expect(m).toMatch(/^(link: the scenario part \(#s=\) is truncated or corrupted|link: the scenario is not valid JSON|link: no scenario)/);
  });

  it('never fails with anything but a ScenarioError when a character is corrupted', () => {
    const alphabet = 'AZaz09+-$!~%';
    let rejections = 0;
    for (let i = 3; i < link.length; i += 3) {
      for (const c of alphabet) {
        const broken = link.slice(0, i) + c + link.slice(i + 1);
        if (broken === link) continue;
        try {
          expect(decodeLink(broken).scenario.version).toBe(1); // if it decodes, it is a valid scenario
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          rejections++;
        }
      }
    }
    expect(rejections).toBeGreaterThan(100);
  });

  it('names what is wrong: no scenario, invalid JSON, a future version, 50 nodes, too many events, a bad moment', () => {
    expect(rejected('https://example.org/lab/')).toBe('link: no scenario (#s=…) in the link');
    expect(rejected('#t=5')).toBe('link: no scenario (#s=…) in the link');
    expect(rejected('#s=')).toBe('link: no scenario (#s=…) in the link');
    expect(rejected(`#s=${LZString.compressToEncodedURIComponent('{"version": 1, oops')}`)).toMatch(/^link: the scenario is not valid JSON \(/);
    expect(rejected(encodeLink({ ...scenario, version: 2 as 1 }))).toBe('version: 2 is newer than this app supports (1)');
    expect(rejected(encodeLink({ ...scenario, nodes: 50 }))).toBe('nodes: at most 9 nodes are supported');
    // (a million events is checked on the JSON in schema.test.ts; compressing one here takes 20 s)
    const tooMany = { ...scenario, events: Array.from({ length: 100_000 }, () => ({ at: 0, type: 'heal' as const })) };
    expect(rejected(encodeLink(tooMany))).toBe('events: at most 10000 events are supported');
    expect(rejected(`${link}&t=-3`)).toBe('t: must be a number of virtual ms from 0 to 3600000, got "-3"');
    expect(rejected(`${link}&t=later`)).toBe('t: must be a number of virtual ms from 0 to 3600000, got "later"');
  });

  it('refuses an oversized link before decompressing it', () => {
    expect(rejected(`#s=${'A'.repeat(MAX_LINK_LENGTH)}`)).toBe(`link: longer than ${MAX_LINK_LENGTH} characters`);
  });
});
