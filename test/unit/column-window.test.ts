import { describe, expect, it } from 'vitest';
import { wideIndex } from '../../src/ui/protocols/columnWindow';

describe('column heads of a long run', () => {
  it('mark indices of five digits and more, which the stylesheet draws smaller to fit their column', () => {
    expect(wideIndex(1)).toBeUndefined();
    expect(wideIndex(9_999)).toBeUndefined();
    expect(wideIndex(10_000)).toBe(5);
    expect(wideIndex(146_221)).toBe(6);
    expect(wideIndex(1_000_000)).toBe(7);
  });
});
