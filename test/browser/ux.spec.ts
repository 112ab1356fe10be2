/**
 * What users ran into when walking the page as a teacher or a student: the keyboard after a click,
 * keyboard-only use of the nodes, readable votes, ballots and logs, and layouts that hold on
 * laptops, tablets and in small embeds.
 */
import { expect, test, type Page } from '@playwright/test';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { libraryEntry } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };
const scenarioInAddressBar = (page: Page) => decodeLink(page.url()).scenario!;

test('Space after clicking a fault button plays instead of applying the fault again', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 400)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Minority leader' }).click();
  await expect.poll(() => scenarioInAddressBar(page).events.length).toBe(1);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  expect(scenarioInAddressBar(page).events.filter((e) => e.type === 'partition')).toHaveLength(1);

  // a button reached with Tab still takes Space for itself
  await page.getByRole('button', { name: 'Heal', exact: true }).focus();
  await page.keyboard.press('Tab'); // a keyboard move: the next focus is the keyboard's
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Heal', exact: true })).toBeFocused();
  await page.keyboard.press(' ');
  await expect.poll(() => scenarioInAddressBar(page).events.filter((e) => e.type === 'heal').length).toBe(1);
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
});

test('Space on Play or Pause reached with Tab still plays and pauses', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 400)}`);
  const play = page.getByRole('button', { name: 'Play' });
  const pause = page.getByRole('button', { name: 'Pause' });
  // from nowhere (the page's title is hidden on laptops): Tab reaches Play first
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  await expect(play).toBeFocused();
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(pause).toBeFocused();
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  // Enter presses the focused button itself: Pause while paused stays paused
  const time = await page.getByTestId('sim-status').getAttribute('data-time');
  await page.keyboard.press('Enter');
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-time', time!);
});

for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
  test(`every sidebar field fits the sidebar at ${viewport.width}x${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`/${encodeLink(DEFAULT, 0)}`);
    const sidebar = page.locator('.sidebar');
    await expect(sidebar.locator('input').first()).toBeVisible();
    const overflow = await sidebar.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const out = [...el.querySelectorAll('input, select, button')]
        .filter((c) => c.getBoundingClientRect().right > box.right + 0.5)
        .map((c) => c.getAttribute('aria-label') ?? c.textContent ?? c.tagName);
      return { out, scrolls: el.scrollWidth > el.clientWidth };
    });
    expect(overflow).toEqual({ out: [], scrolls: false });
  });
}

test('keyboard only: Enter on a node opens its menu, an item crashes it, the focus returns to the node', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 400)}`);
  const s3 = page.locator('[data-node-id="3"]');
  await s3.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'S3' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Crash' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(s3).toHaveAttribute('data-up', 'false');
  await expect(s3).toBeFocused();
  // and again: now the menu offers Restart; Escape closes it without acting
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem', { name: 'Restart' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(s3).toHaveAttribute('data-up', 'false');
});

test('during an election a candidate shows its votes and a follower whom it voted for', async ({ page }) => {
  // seed 1: S1 and S4 both stand in term 1 (about 156 and 169 ms); the notes go once S1 leads
  await page.goto(`/${encodeLink(DEFAULT, 185)}`);
  const note = (id: number) => page.locator(`[data-node-id="${id}"] .node-note`);
  const candidates = page.locator('[data-role="candidate"]');
  await expect(candidates).toHaveCount(2);
  for (const id of await candidates.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.nodeId)))) {
    await expect(note(id)).toHaveText(/^\d of 3 votes$/);
  }
  await expect(page.locator('[data-role="follower"] .node-note').first()).toHaveText(/^voted for S[14]$/);
  await page.goto(`/${encodeLink(DEFAULT, 400)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  await expect(page.locator('.node-note')).toHaveCount(0);
});

for (const [lesson, step] of [['raft-log-replication', 5], ['multi-paxos', 5]] as const) {
  test(`at 1280x720 under the narration of ${lesson} every node's row of the log panel is in view`, async ({ page }) => {
    await page.goto(`/#lesson=${lesson}&step=${step}`);
    await expect(page.locator('.lesson-bar')).toBeVisible();
    const body = page.locator('.panel-protocol .panel-body');
    const rows = body.locator('[data-log-row]:not([data-log-row="cluster"])');
    await expect(rows).toHaveCount(5);
    const hidden = await body.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('[data-log-row]')]
        .filter((r) => r.getBoundingClientRect().bottom > box.bottom + 0.5).length;
    });
    expect(hidden).toBe(0);
  });
}

test('Paxos ballots read as (round, proposer) on the nodes and in the acceptor table, as in the event log', async ({ page }) => {
  const entry = libraryEntry('paxos-duelling-proposers');
  await page.goto(`/${encodeLink(entry.scenario, entry.moment.at)}`);
  const sim = runScenario(entry.scenario, entry.moment.at);
  for (const id of sim.nodeIds) {
    const promised = (sim.protocol.reportNode(sim.nodes[id]) as { promised: { round: number; node: number } | null }).promised;
    const text = promised ? `(${promised.round}, S${promised.node})` : '—';
    await expect(page.locator(`[data-node-id="${id}"] .node-term`)).toHaveText(text);
    await expect(page.locator(`[data-acceptor="${id}"] td`).first()).toHaveText(text);
  }
});

test('a violation says what the invariant promises and that the run has a teaching bug', async ({ page }) => {
  const scenario = libraryEntry('raft-figure-8-commit-previous-term-bug').scenario;
  const first = runScenario(scenario, 1500).violations[0];
  await page.goto(`/${encodeLink(scenario, Math.max(0, first.time - 5))}`);
  await page.getByRole('button', { name: 'Play' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`${first.invariant} (a leader holds every entry committed before its term)`, { timeout: 20_000 });
  await expect(alert).toContainText('teaching bug switched on (commit-previous-term)');
  await expect(alert).not.toContainText('..');
  await expect(page.locator(`[data-invariant="${first.invariant}"] .invariant-meaning`)).toHaveText('a leader holds every entry committed before its term');
});

test('a message is called by the name on the wire in its menu and the inspector, with its type when they differ', async ({ page }) => {
  // the first moment after the election with a heartbeat on the wire
  let at = 300;
  const isHeartbeat = (msg: { type: string; payload: unknown }) =>
    msg.type === 'AppendEntries' && (msg.payload as { entries: unknown[] }).entries.length === 0;
  while (![...runScenario(DEFAULT, at).inFlight.values()].some(isHeartbeat)) at += 1;
  await page.goto(`/${encodeLink(DEFAULT, at)}`);
  const heartbeat = page.locator('[data-message-id][aria-label*="heartbeat"]').first();
  await expect(heartbeat).toBeAttached();
  const id = await heartbeat.getAttribute('data-message-id');
  await heartbeat.click({ force: true });
  const title = `Message #${id}: heartbeat (AppendEntries)`;
  await expect(page.getByRole('menu', { name: title })).toBeVisible();
  await expect(page.locator('.inspector h3')).toHaveText(title);
});

for (const size of [{ width: 320, height: 240 }, { width: 480, height: 300 }]) {
  test(`embedded in a ${size.width}x${size.height} frame the controls sit on one row below every node`, async ({ page, baseURL }) => {
    const src = `${baseURL}${encodeLink(DEFAULT, 240)}&embed=1`;
    await page.setContent(`<iframe src="${src}" width="${size.width}" height="${size.height}" style="border:0"></iframe>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('[data-node-id]')).toHaveCount(5);
    await expect(frame.getByRole('button', { name: 'Previous', exact: true })).toBeVisible();
    const layout = await frame.locator('.embed-bar').evaluate((bar) => {
      const top = bar.getBoundingClientRect().top;
      const nodes = [...document.querySelectorAll('[data-node-id] .node-body')].map((n) => n.getBoundingClientRect().bottom);
      const buttons = [...bar.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
      return {
        nodesAboveBar: nodes.every((b) => b <= top + 0.5),
        oneRow: buttons.every((b) => Math.abs(b.top - buttons[0].top) < 1 && b.height < 32),
        barInside: bar.getBoundingClientRect().bottom <= window.innerHeight + 0.5,
        // nothing of the bar (Play, Pause, Previous, Step, the clock) is cut off at the frame's edge
        rowInside: [...bar.querySelectorAll('button, [data-testid="sim-status"]')].every((el) => el.getBoundingClientRect().right <= window.innerWidth + 0.5),
      };
    });
    expect(layout).toEqual({ nodesAboveBar: true, oneRow: true, barInside: true, rowInside: true });
    for (const name of ['Play', 'Pause']) await expect(frame.getByRole('button', { name, exact: true })).toBeVisible();
  });
}

for (const size of [{ width: 320, height: 240 }, { width: 480, height: 300 }]) {
  test(`embedded in a ${size.width}x${size.height} frame with the speed control every control of the bar is inside the frame`, async ({ page, baseURL }) => {
    for (const lang of ['en', 'zh']) {
      const src = `${baseURL}${encodeLink(DEFAULT, 240)}&embed=1&panels=cluster,logs,scrubber,speed&lang=${lang}`;
      await page.setContent(`<iframe src="${src}" width="${size.width}" height="${size.height}" style="border:0"></iframe>`);
      const frame = page.frameLocator('iframe');
      await expect(frame.locator('.embed-bar .speed input')).toBeAttached();
      const out = await frame.locator('.embed-bar').evaluate((bar) => {
        const W = window.innerWidth;
        const H = window.innerHeight;
        return [...bar.querySelectorAll('button, input, output, a, [data-testid="sim-status"]')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5;
        }).map((el) => el.textContent?.trim() || el.tagName);
      });
      expect(out, `controls cut off at the frame's edge (${lang})`).toEqual([]);
    }
  });
}

test('message labels on the wire never cover each other nor a node, even for messages sent together', async ({ page }) => {
  const overlaps = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  let seen = 0;
  for (let at = 155; at <= 260; at += 7) {
    await page.goto(`/${encodeLink(DEFAULT, at)}`);
    await expect(page.getByTestId('sim-status')).toHaveAttribute('data-time', String(at));
    const rects = await page.locator('.message-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    seen += rects.length;
    // a node's circle, shrunk to the square inside it that holds its name and role
    const bodies = await page.locator('.node-body').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      const inset = r.width * (1 - Math.SQRT1_2) / 2;
      return { left: r.left + inset, right: r.right - inset, top: r.top + inset, bottom: r.bottom - inset } as DOMRect;
    }));
    for (const [i, label] of rects.entries()) {
      for (const [n, body] of bodies.entries()) expect(overlaps(label, body), `label ${i} on node ${n + 1} at ${at} ms`).toBe(false);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        expect(overlap, `labels ${i} and ${j} at ${at} ms`).toBe(false);
      }
    }
  }
  expect(seen, 'labels shown over the moments').toBeGreaterThan(10);
});

test('the setup form shows the knobs of the run opened, even when only a knob tells two library runs apart', async ({ page }) => {
  await page.goto('/');
  const library = page.getByRole('combobox', { name: 'Scenario library' });
  const readMode = page.getByRole('combobox', { name: /How the leader serves reads/ });
  const preVote = page.getByRole('checkbox', { name: /Ask for pre-votes first/ });
  await expect(readMode).toHaveValue('log');
  // the stale-read run has the default run's protocol, nodes and seed, and reads by ReadIndex
  await library.selectOption('raft-stale-read-bug');
  await expect(page.locator('[data-library-entry="raft-stale-read-bug"]')).toBeVisible();
  await expect(readMode).toHaveValue('read-index');
  // the PreVote run is the disruptive run with one knob on
  await library.selectOption('raft-disruptive-rejoin');
  await expect(preVote).not.toBeChecked();
  await library.selectOption('raft-rejoin-prevote');
  await expect(page.locator('[data-library-entry="raft-rejoin-prevote"]')).toBeVisible();
  await expect(preVote).toBeChecked();
  // and Start new run starts what the form shows: the run with PreVote
  await page.getByRole('button', { name: 'Start new run' }).click();
  expect(scenarioInAddressBar(page).config).toMatchObject({ preVote: true });
});

for (const lang of ['en', 'zh'] as const) {
  test(`presenting (${lang}), a message menu's title and items stay inside the menu, however long the message's type`, async ({ page }) => {
    // the first moment with an AppendEntriesReply on the wire: the longest name Raft sends
    let at = 200;
    const replyAt = (ms: number) => [...runScenario(DEFAULT, ms).inFlight.values()].find((msg) => msg.type === 'AppendEntriesReply');
    while (!replyAt(at)) at += 1;
    await page.goto(`/${encodeLink(DEFAULT, at)}&present=1&lang=${lang}`);
    const reply = page.locator(`[data-message-id="${replyAt(at)!.id}"]`).first();
    await expect(reply).toBeAttached();
    await reply.click({ force: true });
    const menu = page.getByRole('menu', { name: /AppendEntriesReply/ });
    await expect(menu).toBeVisible();
    const box = (await menu.boundingBox())!;
    for (const part of await menu.locator('.menu-title, [role="menuitem"]').all()) {
      const b = (await part.boundingBox())!;
      expect(b.x + b.width, `${await part.textContent()}: right edge inside the menu`).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }
    const title = menu.locator('.menu-title');
    expect(await title.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });
}

for (const lang of ['en', 'zh'] as const) {
  test(`a knob's menu in the setup form shows each choice whole (${lang})`, async ({ page }) => {
    await page.goto(`/${encodeLink(DEFAULT, 0)}&lang=${lang}`);
    const readMode = page.locator('.sidebar select[name="readMode"]');
    await expect(readMode).toBeVisible();
    for (const value of ['log', 'read-index', 'lease']) {
      await readMode.selectOption(value);
      // the chosen text, its padding and the menu's arrow (about 20 px) fit the menu: "read-index" read "read-inde"
      const fit = await readMode.evaluate((s: HTMLSelectElement) => {
        const cs = getComputedStyle(s);
        const pen = document.createElement('canvas').getContext('2d')!;
        pen.font = cs.font;
        const needed = pen.measureText(s.selectedOptions[0].text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
        return { text: s.selectedOptions[0].text, fits: needed <= s.clientWidth };
      });
      expect(fit, fit.text).toMatchObject({ fits: true });
    }
  });
}
