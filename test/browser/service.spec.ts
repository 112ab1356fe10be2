/**
 * The lock service panel: a session TTL bar per client, a paused client drawn frozen, the lock
 * timeline with each token, and the storage's writes marked accepted or rejected; the run's trace
 * hash is Node's. Screenshots of it land in the notes when SHOTS_DIR is set.
 */
import { expect, test, type Page } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

const shots = process.env.SHOTS_DIR;
async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png` });
}

test('the service panel draws sessions, a frozen client, the lock timeline and the storage writes', async ({ page }) => {
  const problems = watchConsole(page);
  const entry = libraryEntry('lock-gc-pause-without-fencing');
  const scenario = validateScenario(entry.scenario);

  // during the pause: client 1 is frozen and its TTL bar has run out; the others hold sessions
  await page.goto(`/${encodeLink(scenario, 2000)}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(scenario, 2000).traceHash);
  const panel = page.getByTestId('service-panel');
  await expect(panel).toBeVisible();
  const session = (c: number) => panel.locator(`[data-client="${c}"]`);
  await expect(session(1)).toHaveAttribute('data-paused', 'true');
  await expect(session(1)).toContainText('paused');
  await expect(session(1).getByRole('meter')).toHaveAttribute('aria-valuenow', '0');
  await expect(session(2)).toHaveAttribute('data-paused', 'false');
  // the service has already expired client 1's session, while client 1 still believes it holds L
  await expect(panel.locator('[data-client-lane="1"] .service-expiry')).toHaveCount(1);
  await shot(page, 'service-paused-1280');

  // after the late write: token 4 accepted after token 20, drawn on the storage lane; FencingOrder broken
  await page.goto('about:blank');
  await page.goto(`/${encodeLink(scenario, entry.moment.at)}`);
  // client 1 still believes it holds L (it learns of its expiry only after this write)
  await expect(panel.locator('[data-lock-token="4"]')).toHaveAttribute('data-expired', 'false');
  await expect(panel.locator('[data-lock-token="20"]')).toHaveCount(1);
  await expect(panel.locator('[data-storage-write="4"][data-accepted="true"]')).toHaveCount(2);
  await expect(page.locator('[data-invariant="FencingOrder"]')).toHaveAttribute('data-ok', 'false');
  await shot(page, 'service-violation-1280');
  expect(problems).toEqual([]);
});

test('with fencing the late write is drawn rejected, in both languages and at every size', async ({ page }) => {
  const problems = watchConsole(page);
  const entry = libraryEntry('lock-gc-pause-with-fencing');
  const scenario = validateScenario(entry.scenario);
  const link = encodeLink(scenario, entry.moment.at);
  await page.goto(`/${link}`);
  const panel = page.getByTestId('service-panel');
  await expect(panel.locator('[data-storage-write="4"][data-accepted="false"]')).toHaveCount(1);
  await expect(page.locator('[data-invariant="FencingOrder"]')).toHaveAttribute('data-ok', 'true');
  for (const [w, h] of [[390, 844], [1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(panel).toBeVisible();
    await shot(page, `service-fenced-${w}`);
  }
  await page.goto('about:blank');
  await page.goto(`/${link}&lang=zh&present=1`);
  await expect(page.getByTestId('service-panel').locator('[data-client="2"]')).toContainText('客户端 2');
  await shot(page, 'service-fenced-zh-present-1920');
  expect(problems).toEqual([]);
});

/** Lock holds whose token ("#12") is not wholly on screen: cut by a box that clips it, or run past its lane. */
const hiddenTokens = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  for (const hold of document.querySelectorAll<HTMLElement>('[data-lock-token]')) {
    const words = document.createRange();
    words.selectNodeContents(hold);
    const t = words.getBoundingClientRect();
    const who = `client ${hold.closest('[data-client-lane]')?.getAttribute('data-client-lane')} #${hold.dataset.lockToken}`;
    if (t.width === 0) { out.push(`${who}: no text`); continue; }
    for (let e: HTMLElement | null = hold; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const b = e.getBoundingClientRect();
      if (t.left < b.left - 0.5 || t.right > b.right + 0.5) out.push(`${who}: ${Math.round(t.left)}..${Math.round(t.right)} cut by ${e.className || e.tagName} ${Math.round(b.left)}..${Math.round(b.right)}`);
    }
    const track = hold.closest('.service-track')!.getBoundingClientRect();
    if (t.left < track.left - 0.5 || t.right > track.right + 0.5) out.push(`${who}: ${Math.round(t.left)}..${Math.round(t.right)} outside its lane ${Math.round(track.left)}..${Math.round(track.right)}`);
  }
  return out;
});

/** Tokens drawn over another hold's bar in their lane (a token set beside its sliver must find room there). */
const tokensOverHolds = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  for (const hold of document.querySelectorAll<HTMLElement>('[data-lock-token]')) {
    const words = document.createRange();
    words.selectNodeContents(hold);
    const t = words.getBoundingClientRect();
    for (const other of hold.closest('.service-track')!.querySelectorAll<HTMLElement>('[data-lock-token]')) {
      if (other === hold) continue;
      const b = other.getBoundingClientRect();
      if (Math.min(t.right, b.right) - Math.max(t.left, b.left) > 1) out.push(`#${hold.dataset.lockToken} over #${other.dataset.lockToken}`);
    }
  }
  return out;
});

test('every lock hold shows its token whole, a hold too narrow for it too (a grant just made, an expired one), in both languages, presenting or not', async ({ page }) => {
  test.setTimeout(180_000); // 75 page loads
  const moments: [string, number][] = [];
  for (const id of ['lock-gc-pause-without-fencing', 'lock-gc-pause-with-fencing', 'lock-session-expires-partitioned']) {
    const entry = libraryEntry(id);
    for (const at of [entry.moment.at, 1000, 2000, 3000, 3800]) moments.push([encodeLink(validateScenario(entry.scenario), at), at]);
  }
  for (const present of ['', '&present=1']) {
    for (const lang of ['en', 'zh']) {
      for (const [link, at] of moments) {
        await page.goto('about:blank');
        await page.goto(`/${link}&lang=${lang}${present}`);
        await expect(status(page)).toHaveAttribute('data-time', String(at));
        await expect(page.locator('[data-lock-token]').first()).toBeAttached();
        expect.soft(await hiddenTokens(page), `${link.slice(0, 30)}… at ${at} ms, ${lang}${present}`).toEqual([]);
        expect.soft(await tokensOverHolds(page), `${link.slice(0, 30)}… at ${at} ms, ${lang}${present}`).toEqual([]);
      }
    }
  }
  // a phone's lanes are short: a hold's token may be cut inside its bar, never set over a neighbour
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [link, at] of moments) {
    await page.goto('about:blank');
    await page.goto(`/${link}`);
    await expect(status(page)).toHaveAttribute('data-time', String(at));
    await expect(page.locator('[data-lock-token]').first()).toBeAttached(); // the service panel follows the cluster by a frame
    expect.soft(await tokensOverHolds(page), `${link.slice(0, 30)}… at ${at} ms, 390 px`).toEqual([]);
  }
});
