/**
 * Presenter mode at 1280x720, in English and Chinese, measured: node labels (name, role, term,
 * caption, note) neither touch one another nor another node, and captions and notes lie on a
 * backdrop over the links; message labels keep off the nodes, what they say, one another and the
 * other messages' shapes;
 * message shapes do not pile on one another; the nodes are painted over the messages; the logs
 * panel's counters are neither cut off nor truncated.
 */
import { expect, test, type Page } from '@playwright/test';
import { LESSONS } from '../../src/scenario/lessons';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';
import { highlightSelectors } from '../../src/ui/views/highlight';
import { textsWiderThanNodes } from './support/nodeLabels';
import { status } from './support/page';

/** Every overlap of two boxes on the stage that must not touch, named. */
const overlaps = (page: Page) => page.evaluate(() => {
  type Box = { who: string; b: DOMRect };
  const boxes: Box[] = [];
  const circles: Box[] = [];
  for (const n of document.querySelectorAll('[data-node-id]')) {
    const id = n.getAttribute('data-node-id');
    circles.push({ who: `S${id} circle`, b: n.querySelector('.node-body')!.getBoundingClientRect() });
    for (const t of n.querySelectorAll('text')) {
      if (t.textContent!.trim()) boxes.push({ who: `S${id} ${t.getAttribute('class')}`, b: t.getBoundingClientRect() });
    }
  }
  const labels = [...document.querySelectorAll('.message-label')].map((t, i) => ({ e: t, who: `message label ${i} "${t.textContent}"`, b: t.getBoundingClientRect() }));
  const hit = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const out: string[] = [];
  const node = (who: string) => who.split(' ')[0];
  // texts of nodes, with each other
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    if (hit(boxes[i].b, boxes[j].b)) out.push(`${boxes[i].who} x ${boxes[j].who}`);
  }
  // a box reaching more than 1 px into a node's disc (a wide caption may pass the corner of the disc's square)
  const hitDisc = (a: DOMRect, c: DOMRect) => {
    const cx = (c.left + c.right) / 2, cy = (c.top + c.bottom) / 2;
    const dx = Math.max(a.left, Math.min(cx, a.right)) - cx, dy = Math.max(a.top, Math.min(cy, a.bottom)) - cy;
    return Math.hypot(dx, dy) < c.width / 2 - 1;
  };
  // a node's texts with other nodes
  for (const t of boxes) for (const c of circles) if (node(t.who) !== node(c.who) && hitDisc(t.b, c.b)) out.push(`${t.who} x ${c.who}`);
  // message labels with nodes, their texts and each other
  for (const l of labels) for (const o of [...circles, ...boxes]) if (hit(l.b, o.b)) out.push(`${l.who} x ${o.who}`);
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    if (hit(labels[i].b, labels[j].b)) out.push(`${labels[i].who} x ${labels[j].who}`);
  }
  // message labels with other messages' shapes
  const shapes = [...document.querySelectorAll('.cluster-svg .message')].map((g, i) => ({ g, who: `message shape ${i}`, b: g.querySelector('.message-dot')!.getBoundingClientRect() }));
  for (const l of labels) for (const s of shapes) if (s.g !== l.e.closest('.message') && hit(l.b, s.b)) out.push(`${l.who} x ${s.who}`);
  return out;
});

/** Message shapes drawn on one another (centres closer than 60% of a shape's width): a pile no one can read or click. */
const piledMessages = (page: Page) => page.evaluate(() => {
  const dots = [...document.querySelectorAll('.cluster-svg .message')].map((g) => ({
    who: `${g.getAttribute('class')}`, b: g.querySelector('.message-dot')!.getBoundingClientRect(),
  }));
  const out: string[] = [];
  for (let i = 0; i < dots.length; i++) for (let j = i + 1; j < dots.length; j++) {
    const a = dots[i].b, b = dots[j].b;
    const d = Math.hypot(a.x + a.width / 2 - b.x - b.width / 2, a.y + a.height / 2 - b.y - b.height / 2);
    if (d < 0.6 * Math.min(a.width, b.width)) out.push(`${dots[i].who} x ${dots[j].who}: ${d.toFixed(1)} px apart`);
  }
  return out;
});

/** Captions and notes under nodes not on a backdrop that covers them (the links they lie across would cross the text). */
const bareCaptions = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  for (const t of document.querySelectorAll('[data-node-id] text.is-caption, [data-node-id] text.node-note')) {
    const back = t.previousElementSibling;
    const b = t.getBoundingClientRect();
    const k = back?.matches('rect.node-backdrop') ? back.getBoundingClientRect() : null;
    const fill = back ? getComputedStyle(back).fill : '';
    if (!k || fill === 'none' || k.left > b.left + 1 || k.right < b.right - 1 || k.top > b.top + 2 || k.bottom < b.bottom - 2) {
      out.push(`S${t.closest('[data-node-id]')!.getAttribute('data-node-id')} "${t.textContent}"`);
    }
  }
  return out;
});

/** Counters of the logs panel cut off by the panel or truncated in their column. */
const clippedCounters = (page: Page) => page.evaluate(() => {
  const body = document.querySelector('.panel-protocol .panel-body');
  if (!body) return [];
  const box = body.getBoundingClientRect();
  const right = box.left + body.clientLeft + body.clientWidth;
  const bottom = box.top + body.clientTop + body.clientHeight;
  const out: string[] = [];
  for (const s of document.querySelectorAll<HTMLElement>('.log-stat')) {
    const b = s.getBoundingClientRect();
    if (b.width === 0) continue;
    const row = s.closest('[data-log-row]')?.getAttribute('data-log-row') ?? 'head';
    if (s.scrollWidth > s.clientWidth + 1) out.push(`${row}: "${s.textContent}" truncated`);
    if (b.right > right + 0.5 || b.bottom > bottom + 0.5) out.push(`${row}: "${s.textContent}" cut off`);
  }
  return out;
});

/** Whether every message is painted under every node (earlier in the page, no stacking order of its own). */
const nodesOverMessages = (page: Page) => page.evaluate(() => {
  const messages = [...document.querySelectorAll('.cluster-svg .message')];
  const nodes = [...document.querySelectorAll('[data-node-id]')];
  return messages.every((msg) => nodes.every((n) => (msg.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0));
});

test.use({ viewport: { width: 1280, height: 720 } });

test('9 nodes with messages on the wire: labels clear of each other and of the nodes, counters uncut, nodes over messages', async ({ page }) => {
  const requests = [400, 440, 480].map((at, i) => ({ at, type: 'request' as const, node: 'leader' as const, command: `x=${i + 1}` }));
  const nine: Scenario = { version: 1, protocol: 'raft', nodes: 9, seed: 3, events: requests };
  for (const at of [430, 470, 520]) {
    await page.goto(`/${encodeLink(nine, at)}&present=1`);
    await expect(status(page)).toHaveAttribute('data-time', String(at));
    await expect(page.locator('.message').first()).toBeAttached();
    expect(await overlaps(page), `at ${at} ms`).toEqual([]);
    expect(await clippedCounters(page), `at ${at} ms`).toEqual([]);
    expect(await nodesOverMessages(page)).toBe(true);
  }
});

for (const lang of ['en', 'zh']) {
  test(`every lesson step in presenter mode (${lang}): node texts inside their circles, counters uncut, node and message labels clear, messages apart`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`/#present=1&lang=${lang}`);
    for (const lesson of LESSONS) {
      for (let step = 1; step <= lesson.steps.length; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&present=1&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        const where = `${lesson.id} step ${step}`;
        // the panels fit themselves to the step's narration a frame or two after it shows: measure once they settle
        const settled = (measure: (p: Page) => Promise<string[]>) => expect.soft.poll(() => measure(page), { message: where, timeout: 3000 }).toEqual([]);
        await settled(overlaps);
        await settled(piledMessages);
        await settled(bareCaptions);
        await settled(textsWiderThanNodes);
        await settled(clippedCounters);
      }
    }
  });
}

/** Entries and slots the step's narration highlights that are not wholly in the visible part of the panel (right of the row heads). */
const hiddenHighlightedEntries = (page: Page, selectors: string[]) => page.evaluate((sels) => {
  const body = document.querySelector('.panel-protocol .panel-body')!;
  const box = body.getBoundingClientRect();
  const right = box.left + body.clientLeft + body.clientWidth;
  const out: string[] = [];
  for (const sel of sels) {
    for (const el of document.querySelectorAll(sel)) {
      const b = el.getBoundingClientRect();
      const lead = el.closest('.log-row')?.querySelector('.log-lead');
      const left = lead ? lead.getBoundingClientRect().right : box.left + body.clientLeft;
      if (b.left < left - 0.5 || b.right > right + 0.5) out.push(`${sel}: ${Math.round(b.left)}..${Math.round(b.right)} outside ${Math.round(left)}..${Math.round(right)}`);
    }
  }
  return out;
}, selectors);

test('every lesson step in presenter mode: the entries the narration highlights are in view beside the row heads', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#present=1');
  for (const lesson of LESSONS) {
    for (let step = 1; step <= lesson.steps.length; step++) {
      const entries = (lesson.steps[step - 1].highlight ?? []).filter((h) => 'entry' in h || 'slot' in h);
      if (entries.length === 0) continue;
      await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&present=1`);
      await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
      const selectors = entries.flatMap((h) => highlightSelectors(h).boxes);
      for (const sel of selectors) await expect(page.locator(sel).first(), `${lesson.id} step ${step}`).toBeAttached();
      expect(await hiddenHighlightedEntries(page, selectors), `${lesson.id} step ${step}`).toEqual([]);
    }
  }
});

/** Log cells whose text is cut short (an ellipsis in place of its end). */
const truncatedCells = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.log-cell .log-cmd')]
  .filter((c) => c.textContent!.trim() && c.scrollWidth > c.clientWidth + 0.5)
  .map((c) => `${c.closest('[data-log-row]')?.getAttribute('data-log-row')}:${c.closest('[data-log-index]')?.getAttribute('data-log-index')} "${c.textContent}"`));

for (const lang of ['en', 'zh']) {
  test(`Raft log cells say their entry whole in presenter mode (${lang}): configurations, writes, no-ops`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/#present=1&lang=${lang}`);
    for (const lesson of LESSONS.filter((l) => l.protocol === 'raft')) {
      for (let step = 1; step <= lesson.steps.length; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&present=1&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        await expect.soft.poll(() => truncatedCells(page), { message: `${lesson.id} step ${step}`, timeout: 3000 }).toEqual([]);
      }
    }
    // the joint configuration: ⚙ and the servers it adds and removes, the whole of it in the tooltip
    await page.evaluate((hash) => { location.hash = hash; }, `lesson=raft-membership&step=4&present=1&lang=${lang}`);
    const joint = page.locator('[data-log-row="1"] .log-cell.is-config[data-log-index="3"]');
    await expect(joint.locator('.log-cmd')).toHaveText('+5−1');
    await expect(joint.locator('.log-config-mark')).toHaveText('⚙');
    await expect(joint).toHaveAttribute('title', lang === 'en' ? /S1, S2, S3, S4\} and \{S2, S3, S4, S5/ : /S1, S2, S3, S4\} 和 \{S2, S3, S4, S5/);
  });
}

/** The rendered radius (CSS px) of the cluster's smallest node, and the nodes not wholly inside the cluster's drawing or hidden at their centre. */
const nodeSizes = (page: Page) => page.evaluate(() => {
  const svg = document.querySelector('.cluster-svg')!.getBoundingClientRect();
  const out: string[] = [];
  let smallest = Infinity;
  for (const n of document.querySelectorAll('[data-node-id]')) {
    const b = n.querySelector('.node-body')!.getBoundingClientRect();
    smallest = Math.min(smallest, b.width / 2);
    const who = `S${n.getAttribute('data-node-id')}`;
    if (b.top < svg.top - 0.5 || b.bottom > svg.bottom + 0.5 || b.left < svg.left - 0.5 || b.right > svg.right + 0.5) out.push(`${who} outside the cluster`);
    if (!n.contains(document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2))) out.push(`${who} covered at its centre`);
  }
  return { radius: smallest, hidden: out };
});

test('Basic Paxos at 1280x720 in presenter mode draws its nodes as large as Raft\'s (its lesson and a library run), all in view', async ({ page }) => {
  await page.goto('/#lesson=raft-leader-election&step=1&present=1');
  await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', '1');
  await expect.poll(async () => (await nodeSizes(page)).radius).toBeGreaterThan(40);
  const raft = (await nodeSizes(page)).radius;
  for (const link of ['#lesson=basic-paxos&step=2&present=1', `${encodeLink(libraryEntry('paxos-one-proposer').scenario, 0)}&present=1`]) {
    await page.goto(`/${link}`);
    await expect(page.locator('.stage-grid')).toHaveAttribute('data-protocol', 'paxos');
    await expect.poll(async () => (await nodeSizes(page)).radius, link.slice(0, 40)).toBeGreaterThanOrEqual(raft - 0.5);
    expect((await nodeSizes(page)).hidden, link.slice(0, 40)).toEqual([]);
  }
});

test('the Tools drawer in presenter mode sets its type at least at the stage\'s body size', async ({ page }) => {
  await page.goto('/#lesson=raft-leader-election&step=1&present=1');
  await page.locator('[aria-controls="tools"]').click();
  await expect(page.locator('#tools')).toBeVisible();
  const small = await page.evaluate(() => {
    const body = parseFloat(getComputedStyle(document.querySelector('.stage')!).fontSize);
    const out: string[] = [];
    for (const el of document.querySelectorAll('#tools *')) {
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < body) out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent!.trim().slice(0, 20)}" ${size}px < ${body}px`);
    }
    return out;
  });
  expect(small).toEqual([]);
});

test('raft-stale-reads step 3 in presenter mode: with the history shown, every node is in view at its size with the history closed', async ({ page }) => {
  await page.goto('/#lesson=raft-stale-reads&step=3&present=1');
  await expect(page.locator('.panel-history')).toBeVisible();
  await page.waitForTimeout(300); // the cluster measures its panel a frame after the history opens
  const shown = await nodeSizes(page);
  expect(shown.hidden).toEqual([]);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.locator('.panel-history')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect((await nodeSizes(page)).radius).toBeLessThanOrEqual(shown.radius + 0.5);
});

test('the Details drawer in presenter mode sets the event log and the space-time diagram in type for the room (16 px and up)', async ({ page }) => {
  await page.goto('/#lesson=basic-paxos&step=4&present=1');
  await page.getByRole('button', { name: 'Details', exact: true }).click();
  await expect(page.locator('#dock')).toBeVisible();
  await expect(page.locator('.event-row').first()).toBeVisible();
  const small = await page.evaluate(() => {
    const out: string[] = [];
    // the record count is a footnote; everything else a class reads
    for (const el of document.querySelectorAll('#dock .event-log-filters label, #dock .event-row *, #dock .event-log-reason, #dock .lane-name, #dock .arrow-drop')) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 16) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${el.textContent!.trim().slice(0, 20)}" ${size}px`);
    }
    return [...new Set(out)];
  });
  expect(small).toEqual([]);
});

test('the Details drawer in presenter mode at 1280x720 leaves the stage its height: every row of the protocol\'s panel in view, the drawer under it', async ({ page }) => {
  for (const link of ['lesson=basic-paxos&step=3', 'lesson=raft-log-replication&step=3', 'lesson=multi-paxos&step=3']) {
    await page.goto(`/#${link}&present=1`);
    await expect(page.locator('.lesson-bar')).toBeVisible();
    const details = page.getByRole('button', { name: 'Details', exact: true });
    if (await details.getAttribute('aria-expanded') !== 'true') await details.click();
    await expect(page.locator('#dock')).toBeVisible();
    await page.waitForTimeout(300); // the rows fit their panel a frame after it is sized
    const cut = await page.evaluate(() => {
      const body = document.querySelector('.panel-protocol .panel-body')!.getBoundingClientRect();
      const rows = [...document.querySelectorAll('.panel-protocol tr, .panel-protocol .log-row')];
      return rows.map((r) => ({ who: r.textContent!.trim().slice(0, 12), b: r.getBoundingClientRect() }))
        .filter(({ b }) => b.top < body.top - 1 || b.bottom > body.bottom + 1).map(({ who, b }) => `${who}: ${Math.round(b.top)}-${Math.round(b.bottom)} outside ${Math.round(body.top)}-${Math.round(body.bottom)}`);
    });
    expect(cut, link).toEqual([]);
    // the drawer is reached by scrolling the page's body
    await page.locator('#dock').scrollIntoViewIfNeeded();
    const dock = await page.locator('#dock').boundingBox();
    expect(dock!.y + dock!.height, link).toBeLessThanOrEqual(720 + 1);
  }
});

test('the keyboard help in presenter mode opens at its title, with Close focused', async ({ page }) => {
  await page.goto('/#present=1');
  await expect(page.locator('[data-node-id]').first()).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close' })).toBeFocused();
  const title = await help.locator('h2').boundingBox();
  const box = await help.boundingBox();
  expect(title!.y).toBeGreaterThanOrEqual(box!.y);
  expect(await help.evaluate((d) => d.scrollTop)).toBe(0);
});

test('the wire legend in presenter mode lies clear of every node, with the Tools drawer open or not, in both languages', async ({ page }) => {
  for (const [width, height] of [[1280, 720], [1366, 768]]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      for (const step of ['lesson=raft-log-replication&step=3', 'lesson=raft-leader-election&step=3']) {
        for (const tools of [false, true]) {
          await page.goto(`/#${step}&present=1&lang=${lang}`);
          await expect(page.locator('.panel-cluster .legend li').first()).toBeVisible();
          // (a change of fragment keeps the page, and the drawer as it was)
          if (tools !== await page.locator('#tools').isVisible()) await page.locator('[aria-controls="tools"]').click();
          await expect(page.locator('#tools')).toBeVisible({ visible: tools });
          const covered = await page.locator('.panel-cluster').evaluate((panel) => {
            const out: string[] = [];
            for (const item of panel.querySelectorAll('.legend li')) {
              const a = item.getBoundingClientRect();
              for (const node of panel.querySelectorAll('[data-node-id] .node-body')) {
                const b = node.getBoundingClientRect();
                if (a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom) out.push(`"${item.textContent}" on S${node.closest('[data-node-id]')!.getAttribute('data-node-id')}`);
              }
            }
            return out;
          });
          expect(covered, `${width} ${lang} ${step}${tools ? ' tools' : ''}`).toEqual([]);
        }
      }
    }
  }
});

/** The protocol panel's legend running over the panel's title words or out of the panel's box. */
const misplacedLegend = (page: Page) => page.evaluate(() => {
  const panel = document.querySelector('.panel-protocol');
  const legend = panel?.querySelector<HTMLElement>('.panel-legend');
  if (!panel || !legend || !legend.offsetParent) return [];
  const words = document.createRange();
  words.selectNodeContents(panel.querySelector('.panel-title')!);
  const t = words.getBoundingClientRect(), l = legend.getBoundingClientRect(), p = panel.getBoundingClientRect();
  const out: string[] = [];
  if (Math.min(t.right, l.right) - Math.max(t.left, l.left) > 0 && Math.min(t.bottom, l.bottom) - Math.max(t.top, l.top) > 0) out.push(`legend ${Math.round(l.left)}..${Math.round(l.right)} over the title ${Math.round(t.left)}..${Math.round(t.right)}`);
  if (l.left < p.left - 0.5 || l.right > p.right + 0.5) out.push(`legend ${Math.round(l.left)}..${Math.round(l.right)} out of the panel ${Math.round(p.left)}..${Math.round(p.right)}`);
  return out;
});

test('stepping through every lesson with Next in presenter mode, the logs panel\'s legend keeps off its title and inside the panel as its items come and go', async ({ page }) => {
  test.setTimeout(180_000);
  for (const lesson of LESSONS) {
    await page.goto(`/#lesson=${lesson.id}&step=1&present=1`);
    for (let step = 1; step <= lesson.steps.length; step++) {
      if (step > 1) await page.locator('.lesson-bar').getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
      await expect.soft.poll(() => misplacedLegend(page), { message: `${lesson.id} step ${step}`, timeout: 3000 }).toEqual([]);
    }
  }
});

/** Log columns half under the rows' sticky heads: a fragment of a cell's words ("=1", "→L") shows beside the heads. */
const halfHiddenColumns = (page: Page) => page.evaluate(() => {
  const body = document.querySelector('.panel-protocol .panel-body');
  const lead = body?.querySelector('.log-table .log-lead');
  if (!body || !lead) return [];
  const edge = lead.getBoundingClientRect().right;
  return [...body.querySelectorAll('.log-table .log-row .log-index')].map((h) => ({ i: h.textContent, b: h.getBoundingClientRect() }))
    .filter(({ b }) => b.left < edge - 1 && b.right > edge + 1).map(({ i, b }) => `column ${i}: ${Math.round(b.left)}..${Math.round(b.right)} under the heads' edge ${Math.round(edge)}`);
});

test('every lesson step in presenter mode: a log scrolled to its newest entries shows no column half under the rows\' heads', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#present=1');
  for (const lesson of LESSONS) {
    for (let step = 1; step <= lesson.steps.length; step++) {
      await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&present=1`);
      await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
      await expect.soft.poll(() => halfHiddenColumns(page), { message: `${lesson.id} step ${step}`, timeout: 3000 }).toEqual([]);
    }
  }
});

/** Rows of the protocol's panel (the head, a node's, the cluster's) not wholly inside the panel's visible box. */
const rowsOutOfPanel = (page: Page) => page.evaluate(() => {
  const body = document.querySelector('.panel-protocol .panel-body');
  if (!body) return [];
  const box = body.getBoundingClientRect();
  const top = box.top + body.clientTop, bottom = top + body.clientHeight;
  return [...body.querySelectorAll('tr, .log-row')].map((r) => ({ who: r.textContent!.trim().slice(0, 12), b: r.getBoundingClientRect() }))
    .filter(({ b }) => b.height > 0 && (b.top < top - 1 || b.bottom > bottom + 1))
    .map(({ who, b }) => `"${who}": ${Math.round(b.top)}-${Math.round(b.bottom)} outside ${Math.round(top)}-${Math.round(bottom)}`);
});

for (const lang of ['en', 'zh']) {
  test(`every lesson step in presenter mode (${lang}): every row of the protocol's panel in view, over the lock service's panel too`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/#present=1&lang=${lang}`);
    for (const lesson of LESSONS) {
      for (let step = 1; step <= lesson.steps.length; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&present=1&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        await expect.soft.poll(() => rowsOutOfPanel(page), { message: `${lesson.id} step ${step}`, timeout: 3000 }).toEqual([]);
      }
    }
  });
}

/** Message glows (a highlight's ring on a message's handle) drawn over a node: the message itself is under the node, its ring over the node's words. */
const glowsOverNodes = (page: Page) => page.evaluate(() => {
  const discs = [...document.querySelectorAll('[data-node-id]')].map((n) => ({ id: n.getAttribute('data-node-id'), b: n.querySelector('.node-body')!.getBoundingClientRect() }));
  const out: string[] = [];
  for (const h of document.querySelectorAll<HTMLElement>('.message-handle')) {
    if (getComputedStyle(h).boxShadow === 'none') continue;
    const b = h.getBoundingClientRect();
    const x = b.left + b.width / 2, y = b.top + b.height / 2;
    for (const { id, b: c } of discs) {
      if (Math.hypot(x - (c.left + c.width / 2), y - (c.top + c.height / 2)) < c.width / 2) out.push(`${h.dataset.messageType} ${h.dataset.messageFrom}→${h.dataset.messageTo} glows over S${id}`);
    }
  }
  return out;
});

test('a highlighted message under a node draws no glow over the node (every lesson step and library moment that highlights messages), presenting or not', async ({ page }) => {
  test.setTimeout(120_000);
  const links: string[] = [];
  for (const lesson of LESSONS) lesson.steps.forEach((s, i) => { if (s.highlight?.some((h) => 'message' in h)) links.push(`#lesson=${lesson.id}&step=${i + 1}`); });
  const { LIBRARY } = await import('../../src/scenario/library');
  for (const e of LIBRARY) if (e.moment.highlight?.some((h) => 'message' in h)) links.push(`${encodeLink(e.scenario as Scenario, e.moment.at)}`);
  expect(links.length).toBeGreaterThan(3);
  for (const present of ['', '&present=1']) {
    for (const link of links) {
      await page.goto('about:blank');
      await page.goto(`/${link}${present}`);
      await expect(page.locator('.message-handle').first()).toBeAttached();
      await expect.soft.poll(() => glowsOverNodes(page), { message: `${link.slice(0, 40)}${present}`, timeout: 2000 }).toEqual([]);
    }
  }
});
