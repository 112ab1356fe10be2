import { describe, expect, it } from 'vitest';
import { TRACE_KIND_CODE, traceKindCode, type TraceKind } from '../../src/sim/trace';

describe('traceKindCode', () => {
  it('gives every kind the code the trace hash and the kept trace use', () => {
    for (const [kind, code] of Object.entries(TRACE_KIND_CODE)) expect(traceKindCode(kind as TraceKind)).toBe(code);
    expect(new Set(Object.values(TRACE_KIND_CODE)).size).toBe(Object.keys(TRACE_KIND_CODE).length);
  });
});
