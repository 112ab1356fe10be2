/**
 * Both languages everywhere: the two UI catalogues have the same keys and every entry gives
 * a non-empty text; library and lesson texts exist in English and Chinese; every trace record of
 * the library runs is explained in both.
 */
import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../src/scenario/library';
import { LESSONS, isWaitStep } from '../../src/scenario/lessons';
import { explainRecord } from '../../src/protocols/explain';
import { runScenario } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';
import { CATALOGUES } from '../../src/ui/i18n/context';
import { en } from '../../src/ui/i18n/en';
import { zh } from '../../src/ui/i18n/zh';
import { READ_MODES } from '../../src/protocols/raft/types';

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
/** Sample arguments for a catalogue function: digits as a string, which every entry accepts. */
const sample = (fn: (...args: never[]) => unknown) => (fn as (...a: unknown[]) => unknown)(...Array.from({ length: fn.length }, () => '3'));

describe('UI catalogues', () => {
  it('have exactly the same keys in English and Chinese', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zh).sort();
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(Object.keys(CATALOGUES).sort()).toEqual(['en', 'zh']);
  });

  it.each(Object.keys(en))('%s gives a text of the same kind in both languages', (key) => {
    const a = en[key as keyof typeof en];
    const b = zh[key as keyof typeof zh];
    expect(typeof b).toBe(typeof a);
    const textA = typeof a === 'function' ? sample(a as never) : a;
    const textB = typeof b === 'function' ? sample(b as never) : b;
    expect(typeof textA).toBe('string');
    expect(typeof textB).toBe('string');
    expect((textA as string).trim().length).toBeGreaterThan(0);
    expect((textB as string).trim().length).toBeGreaterThan(0);
  });

  it('names every Raft read mode in words, not by its scenario key', () => {
    for (const mode of READ_MODES) {
      expect(en.statusReadMode(mode)).not.toBe(`reads: ${mode}`);
      expect(en.statusReadMode(mode)).not.toContain('read-index');
      expect(hasChinese(zh.statusReadMode(mode).replace('读取方式：', '')), mode).toBe(true);
    }
  });

  it('lists the setup panel\'s read-mode choices in Chinese words (the scenario\'s own word in English)', () => {
    for (const mode of READ_MODES) expect(en.knobValue('readMode', mode)).toBe(mode);
    expect(hasChinese(zh.knobValue('readMode', 'log'))).toBe(true);
    expect(hasChinese(zh.knobValue('readMode', 'lease'))).toBe(true);
    expect(zh.knobValue('protocol', 'raft')).toBe('raft');
  });

  it('names a Paxos vote\'s ballot once in Chinese (the vote already says 选票)', () => {
    const text = zh.sourceAdopted(zh.valueInBallot('A', '(29, S1)'));
    expect(text.split('选票').length - 1).toBe(1);
  });

  it('translates the lesson, export and link texts this page adds (not English left in the Chinese catalogue)', () => {
    for (const key of ['lessonsTitle', 'lessonPick', 'next', 'back', 'lessonFinished', 'lessonTry', 'closeLesson', 'exportTitle',
      'exportScenario', 'importScenario', 'exportTrace', 'exportSvg', 'exportPng', 'presenter', 'openFullApp'] as const) {
      expect(hasChinese(zh[key]), key).toBe(true);
    }
    for (const fn of [zh.badLink, zh.badPastedLink, zh.badFile, zh.lessonWaiting, zh.importedFile]) expect(hasChinese(fn('x'))).toBe(true);
    expect(hasChinese(zh.lessonStepOf(2, 8))).toBe(true);
    expect(en.next).toBe('Next');
    expect(en.back).toBe('Back');
  });
});

describe('library and lesson texts', () => {
  it.each(LIBRARY.map((e) => [e.id, e] as const))('library %s has title, explanation and moment in both languages', (_id, entry) => {
    for (const t of [entry.title, entry.explanation, entry.moment.text]) {
      expect(t.en.trim().length).toBeGreaterThan(0);
      expect(t.zh.trim().length).toBeGreaterThan(0);
      expect(hasChinese(t.zh)).toBe(true);
    }
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s has title, narrations and wait labels in both languages', (_id, lesson) => {
    const texts = [lesson.title, ...lesson.steps.map((s) => s.narration), ...lesson.steps.filter(isWaitStep).map((s) => s.waitFor.label)];
    for (const t of texts) {
      expect(t.en.trim().length).toBeGreaterThan(0);
      expect(hasChinese(t.zh)).toBe(true);
    }
  });
});

describe('event reasons', () => {
  it.each(LIBRARY.map((e) => [e.id, e] as const))('every trace record of %s is explained in both languages', (_id, entry) => {
    const records: TraceRecord[] = [];
    runScenario(entry.scenario, Math.min(entry.scenario.until ?? 3000, 3000), { onTrace: (r) => records.push(r) });
    expect(records.length).toBeGreaterThan(0);
    const untranslated = new Set<string>();
    for (const r of records) {
      const english = explainRecord(entry.protocol, r, 'en');
      const chinese = explainRecord(entry.protocol, r, 'zh');
      expect(english.trim().length).toBeGreaterThan(0);
      if (!hasChinese(chinese)) untranslated.add(`${r.kind}/${r.what}: ${chinese}`);
    }
    expect([...untranslated]).toEqual([]);
  });
});
