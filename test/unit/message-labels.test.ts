/** Which messages in flight carry their text label: none covers another label, a node, or another message's shape. */
import { describe, expect, it } from 'vitest';
import { LABEL, labelsWithoutOverlap, type LabelCandidate } from '../../src/ui/views/messageLabels';

/** One node far from every message, so only the messages decide. */
const FAR = [{ x: -1000, y: -1000 }];
const R = 30;
const UNDER = 60;
/** Half the side of a normal message's shape box (8 px radius, its outline). */
const GLYPH = 10;

const shown = (cs: LabelCandidate[], present = false) => [...labelsWithoutOverlap(cs, FAR, R, UNDER, present)].sort((a, b) => a - b);

describe('message labels', () => {
  it('draws a lone message its label, even over its own shape', () => {
    expect(shown([{ id: 1, x: 0, y: 0, text: 'append ok', glyph: GLYPH }])).toEqual([1]);
    expect(shown([{ id: 1, x: 0, y: 0, text: '追加成功', glyph: 19 }], true)).toEqual([1]);
  });

  it("leaves out a label whose place covers another message's shape, and keeps that message's own", () => {
    // lock-fencing step 3: two replies on one link, the second just below the first, so the second's
    // label (centred on it, 13 px above) lies on the first's triangle
    const first = { id: 1, x: 0, y: 0, text: 'append ok', glyph: GLYPH };
    const second = { id: 2, x: 3, y: 14, text: 'append ok', glyph: GLYPH };
    const labelTop = second.y + LABEL.offsetY - 0.8 * LABEL.height;
    expect(labelTop).toBeLessThan(first.y + GLYPH);
    // whichever comes first: the shapes are all drawn, so the order does not decide this
    expect(shown([first, second])).toEqual([1]);
    expect(shown([second, first])).toEqual([1]);
  });

  it("leaves out a label reaching over a shape at its side, and keeps one clear of it", () => {
    // 'ACK (1, 1)' is about 60 px wide: b's shape, 25 px to the right, lies under the end of a's label
    // (b's label is clear of everything); 80 px to the right it is clear of it
    const a = { id: 1, x: 0, y: 0, text: 'ACK (1, 1)', glyph: GLYPH };
    const b = { id: 2, x: 25, y: -13, text: 'ACK (1, 1)', glyph: GLYPH };
    expect(shown([a, b])).toEqual([2]);
    expect(shown([a, { ...b, x: 80 }])).toEqual([1, 2]);
  });

  it('still keeps labels off each other and off the nodes, the first one given winning', () => {
    // side by side at one height: the labels collide, the shapes (20 px apart) do not reach the labels
    const a = { id: 1, x: 0, y: 0, text: 'broadcast', glyph: GLYPH };
    const b = { id: 2, x: 30, y: 0, text: 'broadcast', glyph: GLYPH };
    expect(shown([a, b])).toEqual([1]);
    expect(shown([b, a])).toEqual([2]);
    const node = [{ x: 0, y: 20 }];
    expect([...labelsWithoutOverlap([a], node, R, UNDER, false)]).toEqual([]);
  });

  it('gives the same labels for the same messages, every time', () => {
    const cs: LabelCandidate[] = Array.from({ length: 12 }, (_, i) => ({
      id: i, x: (i % 4) * 37 - 60, y: Math.floor(i / 4) * 19 - 20, text: i % 2 ? 'ACK (1, 1)' : '广播', glyph: GLYPH,
    }));
    const once = shown(cs);
    for (let k = 0; k < 3; k++) expect(shown(cs)).toEqual(once);
  });
});
