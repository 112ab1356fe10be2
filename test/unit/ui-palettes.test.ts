/** The page's palettes (src/ui/palettes.ts) are d3-scale-chromatic's, colour for colour. */
import { schemeDark2, schemeSet2, schemeTableau10 } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { DARK2, SET2, TABLEAU10 } from '../../src/ui/palettes';

describe('palettes', () => {
  it('are the schemes of d3-scale-chromatic', () => {
    expect(TABLEAU10).toEqual(schemeTableau10);
    expect(SET2).toEqual(schemeSet2);
    expect(DARK2).toEqual(schemeDark2);
  });
});
