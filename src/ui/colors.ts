/** Colours as mathematics: terms and groups map to a categorical scheme (d3-scale-chromatic). */
import { scaleOrdinal } from 'd3-scale';
import { schemeTableau10, schemeSet2 } from 'd3-scale-chromatic';

const termScale = scaleOrdinal<number, string>(schemeTableau10);
/** Stable colour of a term (or ballot round): term 1 gets the first colour, and so on. */
export const termColor = (term: number): string => termScale(((term - 1) % 10 + 10) % 10);

const groupScale = scaleOrdinal<number, string>(schemeSet2);
export const groupColor = (group: number): string => groupScale(group % 8);
