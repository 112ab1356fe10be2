/** Measurements of the labels drawn on the nodes. */
import type { Page } from '@playwright/test';

/** Texts drawn inside a node's circle (not its captions or note) that are wider than the circle. */
export const textsWiderThanNodes = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  for (const n of document.querySelectorAll('[data-node-id]')) {
    const c = n.querySelector('.node-body')!.getBoundingClientRect();
    for (const t of n.querySelectorAll('text:not(.is-caption):not(.node-note)')) {
      const b = t.getBoundingClientRect();
      if (t.textContent!.trim() && (b.left < c.left - 1 || b.right > c.right + 1)) {
        out.push(`S${n.getAttribute('data-node-id')} ${t.getAttribute('class')} "${t.textContent}" ${Math.round(b.width)} px in ${Math.round(c.width)} px`);
      }
    }
  }
  return out;
});
