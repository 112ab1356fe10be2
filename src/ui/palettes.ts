/**
 * The categorical palettes the page draws with: d3-scale-chromatic's schemeTableau10, and
 * ColorBrewer's Set2 and Dark2 as that package gives them. They are written out here because
 * importing the package evaluates every one of its schemes and interpolators as the page starts
 * (10-25 ms of a busy machine's start-up, for three lists of colours);
 * test/unit/ui-palettes.test.ts checks they are the package's own.
 */
export const TABLEAU10: readonly string[] = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
export const SET2: readonly string[] = ['#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494', '#b3b3b3'];
export const DARK2: readonly string[] = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
