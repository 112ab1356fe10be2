/** Colours as mathematics: terms and groups map to a categorical scheme (d3-scale-chromatic's, palettes.ts). */
import { scaleOrdinal } from 'd3-scale';
import { SET2, TABLEAU10 } from './palettes';

const termScale = scaleOrdinal<number, string>(TABLEAU10);
/** Stable colour of a term (or ballot round): term 1 gets the first colour, and so on. */
export const termColor = (term: number): string => termScale(((term - 1) % 10 + 10) % 10);

const groupScale = scaleOrdinal<number, string>(SET2);
export const groupColor = (group: number): string => groupScale(group % 8);
