/**
 * A protocol is one folder on each side (src/protocols/<name>, src/ui/protocols/<name>) and one line
 * in each registry: no generic file names one, in code, strings or styles (comments may cite a
 * paper). The generic files are the engine, the scenario layer (its library and lessons are about
 * particular protocols), the CLI (its benchmarks measure particular protocols), the shared protocol
 * helpers, and the page outside its protocol views and language catalogues.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_NAMES } from '../../src/protocols/registry';

const ROOT = new URL('../../', import.meta.url).pathname;

const GENERIC = ['src/sim', 'src/scenario', 'src/cli', 'src/protocols', 'src/ui'];
const NOT_GENERIC = [
  ...PROTOCOL_NAMES.map((p) => `src/protocols/${p}/`),
  'src/protocols/registry.ts', 'src/ui/protocols/', 'src/ui/i18n/',
  'src/scenario/library/', 'src/scenario/lessons/', 'src/cli/bench',
];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : [path];
  });
}

/** The words of a token: "legendBadgeRaft" is legend, badge, raft; "multi-paxos" is multi, paxos. */
const words = (text: string): string[] =>
  text.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).map((w) => w.toLowerCase());

// longest first: "multi-paxos" is named as itself, not as "paxos"
const NAME_WORDS = PROTOCOL_NAMES.map((p) => ({ name: p, words: words(p) })).sort((a, b) => b.words.length - a.words.length);

/** The registered protocol a token names, if any (its words contain a name's words in a row). */
function namedProtocol(token: string): string | null {
  const w = words(token);
  for (const { name, words: nw } of NAME_WORDS) {
    for (let i = 0; i + nw.length <= w.length; i++) if (nw.every((x, j) => w[i + j] === x)) return name;
  }
  return null;
}

/**
 * The file without its comments: strings, templates and regular expressions are kept (a "//" in
 * one is not a comment). A regular expression is told from a division by what comes before it.
 */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  let lastCode = '';
  const skipQuoted = (quote: string): void => {
    const start = i++;
    while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
    i++;
    out += text.slice(start, i);
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      // a template's ${…} parts are kept as part of it: what they name is still in the text
      skipQuoted(c);
      lastCode = c;
    } else if (c === '/' && (lastCode === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastCode) || /\b(return|typeof|case)$/.test(out))) {
      const start = i++;
      let inClass = false;
      while (i < text.length && (inClass || text[i] !== '/') && text[i] !== '\n') {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        i++;
      }
      i++;
      out += text.slice(start, i);
      lastCode = '/';
    } else {
      out += c;
      if (!/\s/.test(c)) lastCode = c;
      i++;
    }
  }
  return out;
}

const cssTokens = (text: string): string[] => text.replace(/\/\*[\s\S]*?\*\//g, '').split(/\s+/);

function offences(path: string, text: string): string[] {
  const tokens = path.endsWith('.css') ? cssTokens(text) : withoutComments(text).split(/[\s.,;:(){}[\]<>=!?&|+*\/'"`$]+/);
  return tokens.flatMap((t) => { const p = namedProtocol(t); return p ? [`${path}: "${t}" names ${p}`] : []; });
}

describe('no generic file names a protocol', () => {
  it('the scan finds a name in code, strings, styles and JSX, and not in comments or other words', () => {
    const code = "// Raft thesis §6.3\nconst draft = p === 'raft' ? m.legendBadgeRaft : MultiPaxosView; /* zab */\nconst el = <b>Zab</b>;";
    expect(offences('x.tsx', code).map((o) => o.split('names ')[1])).toEqual(['raft', 'raft', 'multi-paxos', 'zab']);
    expect(offences('x.css', '/* paxos */ .stage[data-protocol="paxos"] {}')).toHaveLength(1);
    expect(offences('x.ts', 'const drafted = "crafty";')).toEqual([]);
  });

  it('in the engine, the scenario layer, the CLI, the shared protocol code and the page', () => {
    const scanned = GENERIC.flatMap(files)
      .filter((f) => /\.(ts|tsx|css)$/.test(f) && !NOT_GENERIC.some((p) => f.startsWith(p)));
    expect(scanned.length).toBeGreaterThan(40);
    expect(scanned.flatMap((f) => offences(relative(ROOT, join(ROOT, f)), readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
