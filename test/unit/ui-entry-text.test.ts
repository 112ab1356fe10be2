import { describe, expect, it } from 'vitest';
import { configShort, entryText, idRanges } from '../../src/ui/protocols/raft/entryText';
import { en } from '../../src/ui/i18n/en';
import { zh } from '../../src/ui/i18n/zh';

describe('Raft log cell text', () => {
  it('names servers as ranges where they run on', () => {
    expect(idRanges([1, 2, 3, 4, 5])).toBe('1–5');
    expect(idRanges([5, 1, 2, 3])).toBe('1–3,5');
    expect(idRanges([1, 4])).toBe('1,4');
    expect(idRanges([2, 3])).toBe('2,3');
  });

  it('shows a configuration by its voters, and a joint one by the servers it adds and removes', () => {
    expect(configShort({ voters: [2, 3, 4, 5], outgoing: null })).toBe('2–5');
    expect(configShort({ voters: [2, 3, 4, 5], outgoing: [1, 2, 3, 4] })).toBe('+5−1');
    expect(configShort({ voters: [1, 2, 3, 4, 5], outgoing: [1, 2, 3] })).toBe('+45');
  });

  it('keeps the whole entry for the tooltip, in the page language', () => {
    const joint = entryText({ term: 1, command: 'joint 1,2,3,4 / 2,3,4,5', op: null, config: { voters: [2, 3, 4, 5], outgoing: [1, 2, 3, 4] } }, en);
    expect(joint).toEqual({ short: '+5−1', config: true, full: 'Joint configuration: {S1, S2, S3, S4} and {S2, S3, S4, S5}, a majority of each' });
    expect(entryText({ term: 3, command: 'no-op', op: null }, zh)).toEqual({ short: '空操作', config: false, full: '空操作' });
    const put = entryText({ term: 1, command: 'put k0=v5', op: { client: 2, requestId: 1, op: 'put', key: 'k0', value: 'v5' } }, en);
    expect(put).toEqual({ short: 'v5', config: false, full: 'put k0=v5' });
    expect(entryText({ term: 1, command: 'x=1', op: null }, en).short).toBe('x=1');
  });

  it('shows a lock-service op as its client and a mark, the command in words in the tooltip', () => {
    const op = (o: 'open' | 'keepalive' | 'acquire' | 'release' | 'close' | 'cas', value: string | null = null) => ({ client: 2, requestId: 1, op: o, key: 'L', value });
    expect(entryText({ term: 1, command: 'open ttl=1000', op: op('open') }, en)).toEqual({ short: 'c2+', config: false, full: 'Client 2: open ttl=1000' });
    expect(entryText({ term: 1, command: 'acquire L s1', op: op('acquire') }, zh)).toEqual({ short: 'c2→L', config: false, full: '客户端 2：acquire L s1' });
    expect(entryText({ term: 1, command: 'release L', op: op('release') }, en).short).toBe('c2←L');
    expect(entryText({ term: 1, command: 'keepalive s1', op: op('keepalive') }, en).short).toBe('c2♥');
    expect(entryText({ term: 1, command: 'cas L=v3', op: op('cas', 'v3') }, en).short).toBe('≟v3');
  });
});
