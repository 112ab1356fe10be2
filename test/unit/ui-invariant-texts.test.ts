/**
 * The invariant panel and the violation notice say, in both languages, what each invariant of
 * each protocol promises; the notice reads as one sentence.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../src/protocols/registry';
import { en } from '../../src/ui/i18n/en';
import { zh } from '../../src/ui/i18n/zh';

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
const cases = Object.entries(PROTOCOLS).flatMap(([protocol, def]) => def.invariants.map((name) => [protocol, name] as const));

describe('invariant meanings', () => {
  it.each(cases)('%s %s is explained in English and Chinese', (protocol, name) => {
    const a = en.invariantMeaning(protocol, name);
    const b = zh.invariantMeaning(protocol, name);
    expect(a).not.toBe(name);
    expect(b).not.toBe(name);
    expect(hasChinese(b)).toBe(true);
  });

  it('tells the two Consistency invariants apart', () => {
    expect(en.invariantMeaning('paxos', 'Consistency')).not.toBe(en.invariantMeaning('multi-paxos', 'Consistency'));
  });

  it('puts a detail that ends in a full stop inside the sentence without doubling it', () => {
    const text = en.violationStopped('LeaderCompleteness', 'x', '520.0', 'S5 became leader without entry 2, which was committed.');
    expect(text).toContain('which was committed. Playback stopped.');
    expect(text).not.toContain('..');
    expect(zh.violationStopped('LeaderCompleteness', 'x', '520.0', '已提交。')).not.toContain('。。');
  });
});
