/**
 * The page's layout for teaching: the stage (the cluster and the protocol's panel) shows every
 * node's row and the cluster-level row uncut at every size, from a phone to a projector, in
 * normal and presenter mode; nothing scrolls sideways; presenter text on the stage is large.
 */
import { expect, test, type Page } from '@playwright/test';
import { libraryEntry } from '../../src/scenario/library';
import { LESSONS } from '../../src/scenario/lessons';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { status, watchConsole } from './support/page';

const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ at: 400 + 40 * i, type: 'request' as const, node: 'leader' as const, command: `x=${i + 1}` }));
const raft = (nodes: number): Scenario => ({ version: 1, protocol: 'raft', nodes, seed: 3, events: requests(6) });

const SIZES = [
  { width: 390, height: 844 }, { width: 1024, height: 768 }, { width: 1280, height: 720 },
  { width: 1440, height: 900 }, { width: 1920, height: 1080 },
];

const paxos = libraryEntry('paxos-duelling-proposers');
const multi = libraryEntry('multi-paxos-leader-fails-noop-gap');
const CASES = [
  { name: 'Raft, 5 nodes', scenario: raft(5), at: 900, rows: 5 },
  { name: 'Raft, 9 nodes', scenario: raft(9), at: 900, rows: 9 },
  { name: 'Basic Paxos', scenario: paxos.scenario, at: paxos.moment.at, rows: 5 },
  { name: 'Multi-Paxos', scenario: multi.scenario, at: multi.moment.at, rows: multi.scenario.nodes },
];

/** The desktop layout fits the window; below it the page is one column that scrolls down. */
const fitsWindow = (size: { width: number }) => size.width > 900;

/**
 * Rows that are not fully visible: cut by a scrolling panel or the window at the top or bottom,
 * or covered at their centre (elementFromPoint there must hit the row). A row wider than its panel
 * (a long log) counts as visible when its name is in view: the panel scrolls the rest sideways.
 */
async function hiddenRows(page: Page, scrollEach: boolean): Promise<string[]> {
  const ids = await page.locator('[data-log-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-log-row')!));
  const hidden: string[] = [];
  for (const id of ids) {
    const row = page.locator(`[data-log-row="${id}"]`);
    if (scrollEach) await row.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'start' }));
    const ok = await row.evaluate((el) => {
      const r = el.getBoundingClientRect();
      let top = r.top; let bottom = r.bottom; let left = r.left; let right = r.right;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const inner = { top: b.top + a.clientTop, left: b.left + a.clientLeft };
        top = Math.max(top, inner.top); bottom = Math.min(bottom, inner.top + a.clientHeight);
        left = Math.max(left, inner.left); right = Math.min(right, inner.left + a.clientWidth);
      }
      top = Math.max(top, 0); bottom = Math.min(bottom, innerHeight);
      left = Math.max(left, 0); right = Math.min(right, innerWidth);
      // the row's name (its first cell) must be in view; the rest of a long row may scroll sideways
      const name = el.firstElementChild!.getBoundingClientRect();
      const whole = top <= r.top + 0.5 && bottom >= r.bottom - 0.5 && left <= name.left + 0.5 && right >= name.right - 0.5;
      if (!whole) return false;
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      return hit !== null && el.contains(hit);
    });
    if (!ok) hidden.push(id);
  }
  return hidden;
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** Font sizes below `min` of visible text on the stage, with the text that has them. */
const smallStageText = (page: Page, min: number) => page.locator('.stage').evaluate((stage, least) => {
  const small: string[] = [];
  const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement!;
    if (!n.textContent!.trim() || el.closest('.sr-only')) continue;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < least - 0.01) small.push(`${n.textContent!.trim()} (${size}px)`);
  }
  return small;
}, min);

for (const size of SIZES) {
  for (const present of [false, true]) {
    const mode = present ? 'presenter' : 'normal';
    test(`${size.width}x${size.height} ${mode}: every log row in view, no sideways scroll${present && size.width >= 1280 ? ', stage text >= 18 px' : ''}`, async ({ page }) => {
      const problems = watchConsole(page);
      await page.setViewportSize(size);
      for (const c of CASES) {
        await page.goto(`/${encodeLink(c.scenario, c.at)}${present ? '&present=1' : ''}`);
        await expect(status(page)).toHaveAttribute('data-time', String(c.at));
        const nodeRows = page.locator('[data-log-row]:not([data-log-row="cluster"])');
        await expect(nodeRows, c.name).toHaveCount(c.rows);
        if (c.scenario.protocol === 'raft') await expect(page.locator('[data-log-row="cluster"]'), c.name).toHaveCount(1);
        expect(await hiddenRows(page, !fitsWindow(size)), `${c.name}: rows not fully visible`).toEqual([]);
        expect(await noSidewaysScroll(page), `${c.name}: the page scrolls sideways`).toBe(true);
        if (present && size.width >= 1280) expect(await smallStageText(page, 18), `${c.name}: small text on the stage`).toEqual([]);
      }
      expect(problems).toEqual([]);
    });
  }
}

// the violation notice takes room above the stage: every row stays in view under it
for (const size of SIZES.filter(fitsWindow)) {
  for (const present of [false, true]) {
    test(`${size.width}x${size.height} ${present ? 'presenter' : 'normal'}: under the violation notice every log row stays in view`, async ({ page }) => {
      const entry = libraryEntry('raft-figure-8-commit-previous-term-bug');
      const first = runScenario(entry.scenario).violations[0].time;
      await page.setViewportSize(size);
      await page.goto(`/${encodeLink(entry.scenario, Math.max(0, first - 5))}${present ? '&present=1' : ''}`);
      await page.getByRole('slider', { name: /speed/i }).fill('0');
      await page.getByRole('button', { name: 'Play' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expect(page.locator('[data-log-row]')).toHaveCount(6);
      expect(await hiddenRows(page, false)).toEqual([]);
    });
  }
}

test('first load: Play is the filled button, and at the default speed the first event comes within two seconds of Play', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  const fill = (name: string) => page.getByRole('button', { name, exact: true }).evaluate((el) => getComputedStyle(el).backgroundColor);
  const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  const rgb = await page.evaluate((c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, accent);
  expect(await fill('Play')).toBe(rgb);
  expect(await fill('Pause')).not.toBe(rgb);
  // the default run's first event, in virtual ms, and the speed the page opens at
  const scenario: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };
  let first = 1;
  while (runScenario(scenario, first).traceHash === runScenario(scenario, 0).traceHash) first += 1;
  const speed = 10 ** Number(await page.getByRole('slider', { name: /speed/i }).inputValue());
  expect(first / speed).toBeLessThanOrEqual(2000); // real ms from Play to the first event
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-events')), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await fill('Pause')).toBe(rgb); // now Pause is the action on offer
  expect(problems).toEqual([]);
});

test('the trace hash is one click away: in the status element always, on screen after its toggle', async ({ page }) => {
  await page.goto(`/${encodeLink(raft(5), 500)}`);
  const hash = runScenario(raft(5), 500).traceHash;
  await expect(status(page)).toHaveAttribute('data-trace-hash', hash);
  await expect(page.getByText(`#${hash.slice(0, 8)}`)).toBeHidden();
  await page.getByTitle('Trace details').click();
  await expect(page.getByText(`#${hash.slice(0, 8)}`)).toBeVisible();
});

test('the inspector names a node\'s fields (commitIndex among them) and keeps the raw JSON behind a disclosure', async ({ page }) => {
  await page.goto(`/${encodeLink(raft(5), 900)}`);
  await page.locator('[data-node-id="2"]').click(); // selects it (and opens its menu)
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByText('commitIndex', { exact: true })).toBeVisible();
  await expect(inspector.getByTestId('inspector-json')).toBeHidden();
  await inspector.getByText('Raw state (JSON)').click();
  await expect(inspector.getByTestId('inspector-json')).toBeVisible();
});

test('during a lesson at 1280x720 the drawers close, nodes stay large with their roles, and Tools opens them', async ({ page }) => {
  await page.goto('/#lesson=raft-log-replication&step=5');
  await expect(page.locator('.lesson-bar')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Setup' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Event log' })).toBeHidden();
  const radii = await page.locator('[data-node-id] .node-body').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().width / 2));
  expect(Math.min(...radii)).toBeGreaterThanOrEqual(45);
  await expect(page.locator('[data-node-id] .node-role')).toHaveCount(5);
  for (const role of await page.locator('[data-node-id] .node-role').all()) await expect(role).toBeVisible();
  await page.getByRole('button', { name: 'Tools' }).click();
  await expect(page.getByRole('region', { name: 'Setup' })).toBeVisible();
  expect(await hiddenRows(page, false)).toEqual([]);
});

test('presenter mode keeps play, speed, lesson, library, crash and partition one click away', async ({ page }) => {
  await page.goto(`/${encodeLink(raft(5), 900)}&present=1`);
  for (const control of [
    page.getByRole('button', { name: 'Play', exact: true }), page.getByRole('slider', { name: /speed/i }),
    page.getByRole('combobox', { name: 'Guided lessons' }), page.getByRole('combobox', { name: 'Scenario library' }),
    page.getByRole('button', { name: 'Crash leader' }), page.getByRole('button', { name: 'Isolate leader' }),
  ]) await expect(control).toBeVisible();
  await page.getByRole('button', { name: 'Crash leader' }).click();
  await expect(page.locator('[data-up="false"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Isolate leader' }).click();
  await expect(page.getByRole('button', { name: 'Heal', exact: true })).toBeVisible();
});

/** How many rows a bar's controls take (wrappers drawn as their contents are looked through). */
const barRows = (page: Page, selector: string) => page.locator(selector).evaluate((bar) => {
  const boxes: DOMRect[] = [];
  const visit = (el: Element) => {
    for (const c of el.children) {
      if (getComputedStyle(c).display === 'contents') { visit(c); continue; }
      const b = c.getBoundingClientRect();
      if (b.width > 0 && b.height > 0 && !c.classList.contains('sr-only')) boxes.push(b);
    }
  };
  visit(bar);
  boxes.sort((a, b) => a.top - b.top);
  let rows = 0;
  let bottom = -Infinity;
  for (const b of boxes) {
    if (b.top >= bottom - 4) { rows++; bottom = b.bottom; } else bottom = Math.max(bottom, b.bottom);
  }
  return rows;
});

for (const { width, height, present, top, tools } of [
  { width: 1024, height: 768, present: false, top: 1, tools: 1 },
  { width: 768, height: 1024, present: false, top: 2, tools: 2 },
  { width: 1280, height: 720, present: true, top: 1, tools: 1 },
]) {
  test(`${width}x${height}${present ? ' presenter' : ''}: the top bar keeps to ${top} row(s) and the toolbar to ${tools}, with Restart all and Heal shown; the menu holds the rest`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      // Restart all (a node is down), then Heal too (a node is cut off)
      for (const step of ['lesson=raft-snapshots&step=3', 'lesson=raft-stale-reads&step=3']) {
        await page.goto(`/#${step}&lang=${lang}${present ? '&present=1' : ''}`);
        await expect(page.locator('.lesson-bar')).toBeVisible();
        expect(await barRows(page, '.topbar'), `${step} ${lang}: top bar`).toBeLessThanOrEqual(top);
        expect(await barRows(page, '.toolbar'), `${step} ${lang}: toolbar`).toBeLessThanOrEqual(tools);
      }
    }
    // CONTRACT §5's Share and Presenter mode stay in the bar; the secondary controls are one click away, behind the menu button
    await page.goto(`/#lesson=raft-snapshots&step=3&lang=en${present ? "&present=1" : ""}`);
    await expect(page.getByRole('checkbox', { name: 'Presenter mode' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeVisible();
    const language = page.getByRole('combobox', { name: 'Language' });
    await expect(language).toBeHidden();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await expect(language).toBeVisible();
    if (!present) await expect(page.getByRole('combobox', { name: 'Run until…' })).toBeVisible();
  });
}

test('at 390 px: one column, the cluster first, narration in full lines, the event log of bounded height', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#lesson=raft-figure-8&step=7');
  const top = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top + scrollY);
  const cluster = await top('.panel-cluster');
  expect(cluster).toBeLessThan(await top('.panel-protocol'));
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Tools' }).click();
  await page.getByRole('button', { name: 'Details' }).click();
  expect(cluster).toBeLessThan(await top('.sidebar'));
  expect(cluster).toBeLessThan(await top('.panel-eventlog'));
  // the narration runs across the width: about 30 characters a line, not one word
  const narration = page.locator('.lesson-narration');
  expect((await narration.boundingBox())!.width).toBeGreaterThan(300);
  const log = (await page.locator('.panel-eventlog').boundingBox())!;
  expect(log.height).toBeLessThanOrEqual(844 * 0.6);
  expect(await noSidewaysScroll(page)).toBe(true);
});

test('on a phone, every lesson step shows its narration and the whole cluster on the first screen, in both languages', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const box = (selector: string) => page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY };
  });
  for (const lang of ['en', 'zh']) {
    for (const lesson of LESSONS) {
      for (let step = 1; step <= lesson.steps.length; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        const where = `${lang} ${lesson.id} step ${step}`;
        const narration = await box('.lesson-narration');
        const cluster = await box('.panel-cluster');
        expect(narration.bottom, `${where}: narration above the cluster`).toBeLessThanOrEqual(cluster.top);
        expect(cluster.bottom, `${where}: the cluster within the first screen`).toBeLessThanOrEqual(844);
      }
    }
  }
  // what did not fit the playback row is one tap away, and away again
  await expect(page.getByRole('combobox', { name: '引导课程' })).toBeHidden();
  await page.getByRole('button', { name: '更多' }).click();
  for (const control of [page.getByRole('combobox', { name: '引导课程' }), page.getByRole('combobox', { name: /运行/ }),
    page.getByRole('slider', { name: /速度/ })]) await expect(control).toBeVisible();
  await page.getByRole('button', { name: '更多' }).click();
  await expect(page.getByRole('combobox', { name: '引导课程' })).toBeHidden();
  expect(await noSidewaysScroll(page)).toBe(true);
});

test('a library run keeps its title and "What happens" text through Share', async ({ page }) => {
  const entry = libraryEntry('raft-figure-8');
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Scenario library' }).selectOption(entry.id);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.goto('about:blank');
  await page.goto(link);
  const context = page.locator(`[data-library-entry="${entry.id}"]`);
  await expect(context).toContainText(entry.title.en);
  await context.getByText('What happens').click();
  await expect(context).toContainText(entry.explanation.en);
  await expect(page.getByRole('combobox', { name: 'Scenario library' })).toHaveValue(entry.id);
});

test('embed mode shows the panels its link picks, and a bad pick is named while the run still opens', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`/${encodeLink(raft(5), 900)}&embed=1&panels=cluster,logs,scrubber,speed`);
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  await expect(page.locator('[data-log-row]')).toHaveCount(6);
  await expect(page.getByRole('slider', { name: 'Virtual time' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /speed/i })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Space-time diagram' })).toHaveCount(0);
  expect(await hiddenRows(page, false)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
  // the address bar keeps the pick
  await expect.poll(() => decodeLink(page.url()).params.panels).toBe('cluster,logs,scrubber,speed');
  expect(problems).toEqual([]);

  await page.goto('about:blank');
  await page.goto(`/${encodeLink(raft(5), 900)}&embed=1&panels=cluster,chart`);
  await expect(page.getByRole('alert')).toHaveAttribute('data-field', 'panels');
  await expect(page.getByRole('alert')).toContainText('chart');
  await expect(status(page)).toHaveAttribute('data-time', '900');
});

for (const size of [{ width: 480, height: 300 }, { width: 640, height: 400 }, { width: 960, height: 540 }]) {
  test(`in a ${size.width}x${size.height} embed the space-time diagram is drawn whole, its last lane and labels uncut`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const present of [false, true]) {
      for (const lang of ['en', 'zh']) {
        await page.goto('about:blank');
        await page.goto(`/${encodeLink(paxos.scenario, paxos.moment.at)}&embed=1&panels=cluster,spacetime&lang=${lang}${present ? '&present=1' : ''}`);
        const diagram = page.locator('.space-time');
        await expect(diagram.locator('svg').first()).toBeVisible();
        const cut = await diagram.evaluate((box) => {
          const bottom = box.getBoundingClientRect().bottom;
          return [...box.querySelectorAll('svg')].map((svg) => svg.getBoundingClientRect().bottom - bottom).filter((over) => over > 0.5);
        });
        expect(cut, `px of the diagram below its box (${lang}${present ? ', presenting' : ''})`).toEqual([]);
      }
    }
  });
}

/** A select's chosen text that does not fit its box (the arrow takes ~16 px of it), named with both widths. */
const cutChoices = (page: Page, selector: string) => page.locator(selector).evaluateAll((selects) => selects.map((s) => {
  const select = s as HTMLSelectElement;
  const style = getComputedStyle(select);
  const pen = document.createElement('canvas').getContext('2d')!;
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex]?.text ?? '';
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
  return pen.measureText(text).width > room ? `"${text}": ${Math.round(pen.measureText(text).width)} px of text in ${Math.round(room)} px` : null;
}).filter((cut) => cut !== null));

test('the lesson and library prompts and the compare choice are read whole, in both languages and in presenter mode', async ({ page }) => {
  for (const { width, height, present } of [{ width: 1280, height: 720, present: false }, { width: 1280, height: 720, present: true }, { width: 1024, height: 768, present: false }]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      await page.goto(`/#lang=${lang}${present ? '&present=1' : ''}`);
      await expect(page.locator('[data-node-id]').first()).toBeVisible();
      const where = `${width}x${height}${present ? ' presenter' : ''} ${lang}`;
      expect(await cutChoices(page, '.library-picker, .lesson-picker select'), where).toEqual([]);
      if (!present) expect(await cutChoices(page, 'select[name="compare"]'), where).toEqual([]);
      expect(await barRows(page, '.toolbar'), `${where}: toolbar`).toBe(1);
    }
  }
});

test('no setup label runs under its field, for every protocol, in both languages, from 390 px to 1920 px', async ({ page }) => {
  test.setTimeout(120_000);
  for (const [width, height] of [[1024, 768], [1280, 720], [1920, 1080], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      await page.goto(`/#lang=${lang}`);
      const protocol = page.locator('select[name="protocol"]');
      for (const name of ['raft', 'paxos', 'multi-paxos', 'zab']) {
        await protocol.selectOption(name);
        const overlaps = await page.locator('.field').evaluateAll((fields) => fields.flatMap((field) => {
          const label = field.querySelector(':scope > span:first-child');
          const control = field.querySelector(':scope > input, :scope > select, :scope > .pair');
          if (!label || !control || !(control as HTMLElement).offsetParent) return [];
          const words = document.createRange();
          words.selectNodeContents(label);
          const box = control.getBoundingClientRect();
          const under = [...words.getClientRects()].some((line) => line.right > box.left + 1 && line.left < box.right && line.bottom > box.top + 1 && line.top < box.bottom - 1);
          return under ? [label.textContent ?? ''] : [];
        }));
        expect(overlaps, `${width}x${height} ${lang} ${name}`).toEqual([]);
      }
    }
  }
});

test('the share link opens inside the screen on a phone, and Esc or a press outside closes it', async ({ page }) => {
  for (const [width, height] of [[390, 844], [1280, 720]]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      await page.goto(`/#lang=${lang}`);
      const share = page.getByRole('button', { name: lang === 'en' ? 'Share' : '分享', exact: true });
      // on a phone Share waits behind the menu button
      if (await share.isHidden()) await page.getByRole('button', { name: lang === 'en' ? 'More' : '更多', exact: true }).click();
      await share.click();
      const pop = page.locator('.share-pop');
      await expect(pop).toBeVisible();
      const box = (await pop.boundingBox())!;
      expect(box.x, `${width} ${lang}: left edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${width} ${lang}: right edge`).toBeLessThanOrEqual(width);
      await page.keyboard.press('Escape');
      await expect(pop).toHaveCount(0);
      await share.click();
      await expect(pop).toBeVisible();
      await page.mouse.click(width - 4, height - 4); // anywhere outside it
      await expect(pop).toHaveCount(0);
    }
  }
});

test('the event log\'s filter labels and count are never broken inside, in Chinese at 1280 px with a long run', async ({ page }) => {
  await page.goto(`/${encodeLink({ version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] }, 5000, { lang: 'zh' })}`);
  await expect(page.locator('.event-row').first()).toBeVisible();
  const broken = await page.locator('.event-log-filters label, .event-log-count').evaluateAll((els) => els.filter((el) => {
    // the words alone (a label's select beside them is taller than a line)
    const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
    const words = document.createRange();
    words.selectNodeContents(text);
    return new Set([...words.getClientRects()].map((r) => Math.round(r.top))).size > 1;
  }).map((el) => el.textContent));
  expect(broken).toEqual([]);
});

test('at 1280x720 the event log shows two rows (it showed one): its count sits in the title line beside the title, not on a line of its own', async ({ page }) => {
  for (const [width, height] of [[1280, 720], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      await page.goto(`/${encodeLink({ version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] }, 5000, { lang })}`);
      const log = page.locator('.panel-eventlog');
      await log.scrollIntoViewIfNeeded();
      await expect(log.locator('.event-row').first()).toBeVisible();
      const box = async (sel: string) => (await log.locator(sel).first().boundingBox())!;
      const [title, count, filters, list] = [await box('.panel-title'), await box('.event-log-count'), await box('.event-log-filters'), await box('.event-log-scroll')];
      const titleWords = await log.locator('.panel-title').evaluate((el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().right; });
      const where = `${width} ${lang}`;
      expect(count.y, where).toBeLessThan(title.y + title.height);
      expect(count.x, where).toBeGreaterThan(titleWords + 8);
      expect(count.x + count.width, where).toBeLessThanOrEqual((await log.boundingBox())!.x + (await log.boundingBox())!.width);
      expect(count.y + count.height, where).toBeLessThanOrEqual(filters.y);
      // (rows are 24 px; the list may cut a pixel or two off the older one)
      if (width === 1280) expect(list.height, where).toBeGreaterThan(1.8 * 24);
    }
  }
});

test('at 1280x720 and 1366x768 the toolbar keeps to one row when a lesson adds Heal, Restart all and History (no jump of the stage mid-lesson)', async ({ page }) => {
  for (const [width, height] of [[1280, 720], [1366, 768]]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh']) {
      for (const step of ['lesson=raft-snapshots&step=3', 'lesson=raft-stale-reads&step=3', 'lesson=cap-partition-reads&step=2']) {
        await page.goto(`/#${step}&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toBeVisible();
        expect(await barRows(page, '.toolbar'), `${width} ${step} ${lang}`).toBe(1);
      }
    }
  }
});

test('on a phone the event log is as tall as its words before anything happened, and of bounded height once records come', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#lang=en');
  const log = page.locator('.panel-eventlog');
  await expect(log.locator('.empty')).toBeVisible();
  const panel = (await log.boundingBox())!;
  const words = (await log.locator('.empty').boundingBox())!;
  expect(panel.height).toBeLessThan(200);
  // the words themselves are inside the panel, not cut to nothing by it
  expect(words.height).toBeGreaterThan(10);
  expect(words.y + words.height).toBeLessThanOrEqual(panel.y + panel.height);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(log.locator('.event-row').first()).toBeVisible();
  const height = (await log.boundingBox())!.height;
  expect(height).toBeGreaterThan(300);
  expect(height).toBeLessThanOrEqual(420);
});
