/**
 * The cluster's message legend names one kind per colour: every message of a colour has the same
 * kind, two colours never share a name (Multi-Paxos heartbeat replies are not called heartbeats),
 * and the kind is not one message's label (no ballot, no "refused").
 */
import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import type { Message } from '../../src/sim/types';
import { en } from '../../src/ui/i18n/en';
import { zh } from '../../src/ui/i18n/zh';
import { readFileSync } from 'node:fs';
import { PROTOCOL_VIEWS } from '../../src/ui/protocols';
import { shapeOf } from '../../src/ui/views/messageGlyph';

/** Every message sent in the library's runs, by protocol. */
function messagesByProtocol(): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const entry of LIBRARY) {
    const list = out.get(entry.scenario.protocol) ?? [];
    out.set(entry.scenario.protocol, list);
    runScenario(entry.scenario, 3000, { onTrace: (r) => { if (r.kind === 'send' && r.msg) list.push(r.msg); } });
  }
  return out;
}

const MESSAGES = messagesByProtocol();

describe.each([['en', en], ['zh', zh]] as const)('message kinds in %s', (_lang, m) => {
  it.each([...MESSAGES.keys()])('%s: one kind per colour, a different kind for each colour', (protocol) => {
    const view = PROTOCOL_VIEWS[protocol];
    const kindOf = new Map<string, Set<string>>();
    for (const msg of MESSAGES.get(protocol)!) {
      const look = view.message(msg, m);
      if (!kindOf.has(look.category)) kindOf.set(look.category, new Set());
      kindOf.get(look.category)!.add(look.kind);
    }
    expect(kindOf.size).toBeGreaterThanOrEqual(protocol === 'paxos' ? 4 : 5);
    // 'other' (grey) gathers whatever has no colour of its own
    for (const [category, kinds] of kindOf) if (category !== 'other') expect([...kinds], category).toHaveLength(1);
    const names = [...kindOf.entries()].filter(([c]) => c !== 'other').map(([, k]) => [...k][0]);
    expect(new Set(names).size).toBe(names.length);
    // a kind names the kind, not one message: no ballot "(3, S2)" and no count "×2"
    for (const name of names) expect(name).not.toMatch(/[(×]/);
  });
});

it('Multi-Paxos calls a heartbeat reply so, on the wire and in the legend', () => {
  const replies = MESSAGES.get('multi-paxos')!.filter((msg) => msg.type === 'HeartbeatReply');
  expect(replies.length).toBeGreaterThan(0);
  const look = PROTOCOL_VIEWS['multi-paxos'].message(replies[0], en);
  expect(look).toMatchObject({ kind: 'heartbeat reply', label: 'heartbeat reply' });
  const beat = MESSAGES.get('multi-paxos')!.find((msg) => msg.type === 'Heartbeat')!;
  expect(PROTOCOL_VIEWS['multi-paxos'].message(beat, en).kind).toBe('heartbeat');
});

it('Raft names its colours RequestVote, vote, AppendEntries, heartbeat, reply and InstallSnapshot, and PreVote and pre-vote apart from them', () => {
  const view = PROTOCOL_VIEWS.raft;
  const kinds = new Set(MESSAGES.get('raft')!.map((msg) => view.message(msg, en).kind));
  expect([...kinds].sort()).toEqual(['AppendEntries', 'InstallSnapshot', 'PreVote', 'RequestVote', 'heartbeat', 'pre-vote', 'reply', 'vote']);
  // a pre-vote is drawn hollow, unlike any real vote
  const preVote = MESSAGES.get('raft')!.find((msg) => msg.type === 'PreVote')!;
  const vote = MESSAGES.get('raft')!.find((msg) => msg.type === 'RequestVote')!;
  expect(shapeOf(view.message(preVote, en).category)).toBe('hollow-diamond');
  expect(shapeOf(view.message(vote, en).category)).toBe('diamond');
});

/** The colours as the stylesheets define them for the light theme (canvas and SVG read the same variables). */
function lightColours(): Map<string, string> {
  const css = ['src/ui/styles.css', 'src/ui/teaching.css'].map((f) => readFileSync(f, 'utf8'));
  const out = new Map<string, string>();
  for (const sheet of css) {
    const root = /:root\s*\{([^}]*)\}/.exec(sheet)?.[1] ?? '';
    for (const [, name, value] of root.matchAll(/--msg-([a-z-]+):\s*([^;]+);/g)) out.set(name, value.trim().toLowerCase());
  }
  return out;
}

describe('each kind of message has a look of its own', () => {
  const colours = lightColours();
  it.each([...MESSAGES.keys()])('%s: no two kinds share a shape and a colour, and none shares the green of another', (protocol) => {
    const view = PROTOCOL_VIEWS[protocol];
    const categories = new Set(MESSAGES.get(protocol)!.map((msg) => view.message(msg, en).category));
    const looks = [...categories].map((c) => ({ c, shape: shapeOf(c), colour: colours.get(c) }));
    for (const l of looks) expect(l.colour, `colour of ${l.c}`).toBeDefined();
    // the shape alone tells the kinds apart (colour-blind readers, grey projectors)…
    expect(new Set(looks.map((l) => l.shape)).size).toBe(looks.length);
    // …and so does the colour
    expect(new Set(looks.map((l) => l.colour)).size).toBe(looks.length);
  });

  it('Multi-Paxos: "accepted" and "heartbeat reply" differ in colour and in shape', () => {
    const view = PROTOCOL_VIEWS['multi-paxos'];
    const msgs = MESSAGES.get('multi-paxos')!;
    const accepted = view.message(msgs.find((x) => x.type === 'Accepted')!, en).category;
    const reply = view.message(msgs.find((x) => x.type === 'HeartbeatReply')!, en).category;
    expect(colours.get(accepted)).not.toBe(colours.get(reply));
    expect(shapeOf(accepted)).not.toBe(shapeOf(reply));
  });

  it('a Raft message carries its term, a Paxos message its ballot round', () => {
    for (const msg of MESSAGES.get('raft')!) {
      expect(PROTOCOL_VIEWS.raft.message(msg, en).badge).toBe(String((msg.payload as { term: number }).term));
    }
    for (const protocol of ['paxos', 'multi-paxos'] as const) {
      for (const msg of MESSAGES.get(protocol)!) {
        const ballot = (msg.payload as { ballot?: { round: number } }).ballot;
        expect(PROTOCOL_VIEWS[protocol].message(msg, en).badge).toBe(ballot ? String(ballot.round) : '');
      }
    }
    // RequestVotes of three different terms are three different badges
    const terms = new Set(MESSAGES.get('raft')!.filter((x) => x.type === 'RequestVote').map((x) => PROTOCOL_VIEWS.raft.message(x, en).badge));
    expect(terms.size).toBeGreaterThanOrEqual(3);
  });
});
