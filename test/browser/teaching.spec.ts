/**
 * Teaching aids on the stage (issue "Classroom-ready"): messages that tell their kind and term
 * apart, the list of messages waiting on the wire, the key to every mark, run-until breakpoints
 * and speed presets, and narration that points at what it names.
 */
import { expect, test, type Page } from '@playwright/test';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { LIBRARY, libraryEntry, type Highlight } from '../../src/scenario/library';
import { LESSONS, stepMoment } from '../../src/scenario/lessons';
import { allSelectors } from '../../src/ui/views/highlight';
import { createSimulation } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { status, watchConsole } from './support/page';

const RAFT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };
const onWire = (page: Page) => page.locator('[data-message-id]');
const listed = (page: Page) => page.locator('[data-message-id-list]');
const idsOf = (page: Page, attr: string) => page.locator(`[${attr}]`).evaluateAll(
  (els, a) => els.map((e) => Number(e.getAttribute(a))).sort((x, y) => x - y), attr);

test.describe('messages', () => {
  test('in "deliver by hand" mode every waiting message is listed with its term and route, and can be delivered or dropped from the list', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`/${encodeLink(RAFT, 0)}`);
    await page.getByRole('checkbox', { name: 'Deliver messages by hand' }).check();
    // step until RequestVotes of more than one term wait on the wire
    for (let i = 0; i < 40; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      const terms = await page.locator('.message.cat-request-vote .message-badge').evaluateAll((els) => new Set(els.map((e) => e.textContent)).size);
      if (terms >= 2) break;
    }
    const wire = await idsOf(page, 'data-message-id');
    expect(wire.length).toBeGreaterThan(8);
    expect(await idsOf(page, 'data-message-id-list')).toEqual(wire);
    await expect(page.getByRole('region', { name: `On the wire (${wire.length})` })).toBeVisible();
    // each row names its kind, its route and its term (the badge of its swatch)
    const first = listed(page).first();
    await expect(first).toContainText(/RequestVote/);
    await expect(first).toContainText(/S\d→S\d/);
    await expect(first.locator('.message-badge')).toHaveText(/^\d+$/);
    // two terms, two different badges on the ring
    const badges = await page.locator('.message.cat-request-vote .message-badge').allTextContents();
    expect(new Set(badges).size).toBeGreaterThanOrEqual(2);
    // deliver the oldest, drop the next, from the list
    const [a, b] = wire;
    await page.getByRole('button', { name: new RegExp(`^Deliver message #${a}:`) }).click();
    await expect(page.locator(`[data-message-id="${a}"]`)).toHaveCount(0);
    await expect(page.locator(`[data-message-id-list="${a}"]`)).toHaveCount(0);
    await page.getByRole('button', { name: new RegExp(`^Drop message #${b}:`) }).click();
    await expect(page.locator(`[data-message-id-list="${b}"]`)).toHaveCount(0);
    const events = decodeLink(page.url()).scenario.events;
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ type: 'deliver', message: a }),
      expect.objectContaining({ type: 'drop', message: b }),
    ]);
    expect(problems).toEqual([]);
  });

  test('held messages do not sit on one another: each dot is apart from every other', async ({ page }) => {
    await page.goto(`/${encodeLink(RAFT, 0)}`);
    await page.getByRole('checkbox', { name: 'Deliver messages by hand' }).check();
    for (let i = 0; i < 12; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
    // (over 40 messages the elements follow their dots a few times a second)
    await page.waitForTimeout(400);
    const centres = await onWire(page).evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }));
    expect(centres.length).toBeGreaterThan(8);
    for (let i = 0; i < centres.length; i++) {
      for (let j = i + 1; j < centres.length; j++) {
        expect(Math.hypot(centres[i].x - centres[j].x, centres[i].y - centres[j].y), `messages ${i} and ${j}`).toBeGreaterThanOrEqual(12);
      }
    }
  });

  test('Multi-Paxos: "accepted" and "heartbeat reply" look different (colour and shape)', async ({ page }) => {
    const mp: Scenario = { version: 1, protocol: 'multi-paxos', nodes: 5, seed: 1, events: [{ at: 300, type: 'request', node: 'leader', command: 'a' }] };
    // a moment when both kinds fly at once, found headless
    const sim = createSimulation(mp);
    const flying = (type: string) => [...sim.inFlight.values()].some((msg) => msg.type === type && !msg.lost);
    while (!(flying('Accepted') && flying('HeartbeatReply'))) expect(sim.step()).toBe(true);
    await page.goto(`/${encodeLink(mp, sim.timeMs)}`);
    const look = (cls: string) => page.locator(`.message.${cls} .message-dot`).first().evaluate((e) => {
      const s = getComputedStyle(e);
      return { fill: s.fill, stroke: s.stroke, d: e.getAttribute('d')!.replace(/[\d.-]+/g, '') };
    });
    const accepted = await look('cat-accepted');
    const reply = await look('cat-heartbeat-reply');
    expect(accepted.fill).not.toBe(reply.fill);
    expect(accepted.stroke).not.toBe(reply.stroke);
    // a filled triangle against a hollow one: the shape's path differs too
    expect(await page.locator('.message.cat-heartbeat-reply').first().getAttribute('class')).toContain('is-hollow');
    expect(await page.locator('.message.cat-accepted').first().getAttribute('class')).not.toContain('is-hollow');
  });

  test('the key explains timer arcs, outlines and each message look; a link\'s latency shows only when asked for', async ({ page }) => {
    const changed: Scenario = { ...RAFT, events: [{ at: 0, type: 'link', from: 1, to: 2, latency: { min: 40, max: 40 } }] };
    await page.goto(`/${encodeLink(changed, 700)}`);
    const label = page.locator('[data-link="1-2"] .link-label');
    await expect(label).toHaveText('40–40 ms');
    await expect(label).toBeHidden();
    await page.getByRole('button', { name: 'Key', exact: true }).click();
    const key = page.getByRole('region', { name: 'What the marks mean' });
    await expect(key).toContainText('election timer');
    await expect(key).toContainText('heartbeat');
    await expect(key).toContainText('The number on a message is its term.');
    for (const kind of ['request-vote', 'vote', 'append', 'heartbeat', 'reply']) {
      await expect(key.locator(`[data-legend-kind="${kind}"] svg path`)).toHaveCount(1);
    }
    await key.getByRole('checkbox', { name: /latency and loss/ }).check();
    await expect(label).toBeVisible();
    await page.getByRole('button', { name: 'Key', exact: true }).click();
    await expect(key).toHaveCount(0);
    await expect(label).toBeVisible();
  });
});

/** The first moment of a run at which `holds` is true, found headless one instant at a time. */
function firstMoment(scenario: Scenario, holds: (sim: ReturnType<typeof createSimulation>) => boolean): number {
  const sim = createSimulation(scenario);
  while (!holds(sim)) {
    const next = sim.nextTimeUs();
    expect(Number.isFinite(next)).toBe(true);
    sim.runUntil(next / 1000);
  }
  return sim.timeMs;
}

test.describe('run until and speed presets', () => {
  test('"Run until a leader is elected" plays and stops on the very moment of the first election', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`/${encodeLink(RAFT, 0)}`);
    const fast = page.getByRole('group', { name: 'Speed presets' }).getByRole('button', { name: 'Fast' });
    await fast.click();
    await expect(fast).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('slider', { name: /speed/i })).toHaveAttribute('aria-valuetext', /^10× real time$/);
    await page.getByRole('combobox', { name: 'Run until…' }).selectOption({ label: 'a leader is elected' });
    const at = firstMoment(RAFT, (sim) => sim.leader() !== null);
    await expect(status(page)).toHaveAttribute('data-time', String(at));
    await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('combobox', { name: 'Run until…' })).toHaveValue('');
    // and the next one, after the leader crashes, is a new leader
    await page.locator(`[data-role="leader"]`).click();
    await page.getByRole('menuitem', { name: 'Crash' }).click();
    const crashed = Number(await status(page).getAttribute('data-time'));
    await page.getByRole('combobox', { name: 'Run until…' }).selectOption({ label: 'a leader is elected' });
    const scenario = decodeLink(page.url()).scenario;
    const next = firstMoment(scenario, (sim) => sim.timeMs > crashed && sim.leader() !== null);
    await expect(status(page)).toHaveAttribute('data-time', String(next));
    // the slow-motion preset
    await page.getByRole('button', { name: 'Slow motion' }).click();
    await expect(page.getByRole('slider', { name: /speed/i })).toHaveAttribute('aria-valuetext', /^0\.05× real time$/);
    expect(problems).toEqual([]);
  });

  test('Basic Paxos offers "a value is chosen" and stops where it is', async ({ page }) => {
    const scenario = libraryEntry('paxos-one-proposer').scenario;
    await page.goto(`/${encodeLink(scenario, 0)}`);
    await page.getByRole('button', { name: 'Fast' }).click();
    const menu = page.getByRole('combobox', { name: 'Run until…' });
    await expect(menu.locator('option')).toHaveText(['Run until…', 'a value is chosen', 'the next violation']);
    await menu.selectOption({ label: 'a value is chosen' });
    const at = firstMoment(scenario, (sim) => ((sim.observer.report() as { chosen: unknown[] }).chosen.length > 0));
    await expect(status(page)).toHaveAttribute('data-time', String(at));
  });
});

/** Every element a highlight points at is on the page and drawn highlighted. */
async function highlightedOnPage(page: Page, list: readonly Highlight[], where: string) {
  for (const h of list) {
    for (const selector of allSelectors(h)) {
      const found = await page.evaluate((sel) => {
        const els = [...document.querySelectorAll<HTMLElement>(sel)];
        return els.map((el) => {
          const ring = el.querySelector('.node-highlight');
          if (ring) return getComputedStyle(ring).visibility === 'visible';
          // a message hidden under a node glows not (its ring would lie over the node's words)
          if (el.classList.contains('is-under-node')) return true;
          const s = getComputedStyle(el);
          return s.outlineStyle === 'solid' || s.boxShadow !== 'none';
        });
      }, selector);
      expect(found.length, `${where}: ${selector} is on the page`).toBeGreaterThan(0);
      expect(found.every(Boolean), `${where}: ${selector} is highlighted`).toBe(true);
    }
  }
}

test.describe('narration points at its subject', () => {
  test.setTimeout(600_000);

  test('every lesson step with a highlight shows it on the elements it names', async ({ page }) => {
    await page.goto('/');
    for (const lesson of LESSONS) {
      for (const [i, step] of lesson.steps.entries()) {
        if (!step.highlight?.length) continue;
        // a link opened in the same tab: the step's own moment, as a deep link shows it
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${i + 1}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(i + 1));
        await expect(status(page)).toHaveAttribute('data-time', String(stepMoment(lesson, i).at));
        await highlightedOnPage(page, step.highlight, `${lesson.id} step ${i + 1}`);
      }
    }
  });

  test('every library moment with a highlight shows it, from "Go to the moment to watch" on', async ({ page }) => {
    await page.goto('/');
    for (const entry of LIBRARY) {
      if (!entry.moment.highlight?.length) continue;
      await page.evaluate((hash) => { location.hash = hash; }, encodeLink(entry.scenario, entry.moment.at).slice(1));
      await expect(status(page)).toHaveAttribute('data-time', String(entry.moment.at));
      await highlightedOnPage(page, entry.moment.highlight, entry.id);
    }
    // before its moment, a library run highlights nothing
    await page.evaluate((hash) => { location.hash = hash; }, encodeLink(libraryEntry('raft-split-vote').scenario, 10).slice(1));
    await expect(status(page)).toHaveAttribute('data-time', '10');
    await expect(page.locator('style[data-highlights]')).toHaveCount(0);
  });
});
