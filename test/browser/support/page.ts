/** What the browser tests read from the page: its status (CONTRACT §5) and its console. */
import type { Page } from '@playwright/test';

export const status = (page: Page) => page.getByTestId('sim-status');
export const hashOf = async (page: Page) => (await status(page).getAttribute('data-trace-hash'))!;

/** Console errors and warnings, and uncaught exceptions, for the whole test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}
