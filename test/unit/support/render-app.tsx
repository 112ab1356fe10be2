/** The whole page in jsdom, for component tests. */
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import type { Scenario } from '../../../src/sim/types';
import { App } from '../../../src/ui/App';
import { runAfterPaintAtOnce } from '../../../src/ui/afterPaint';
import { I18nProvider } from '../../../src/ui/i18n/context';
import { createAppStore, DEFAULT_SCENARIO } from '../../../src/ui/state/store';

/**
 * jsdom has no layout: give the views the observers and canvas they expect; start each test clean.
 * It has no frames either: what the page does after a paint (afterPaint.ts) is done at once.
 */
export function usePageInJsdom(): void {
  beforeAll(() => {
    runAfterPaintAtOnce();
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
    HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
    window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
  });
  afterEach(() => { cleanup(); localStorage.clear(); });
}

/** Render the app on a fresh store for `scenario`, in `lang`; returns the store. */
export function renderApp(scenario: Scenario = DEFAULT_SCENARIO, lang: 'en' | 'zh' = 'en') {
  const store = createAppStore(scenario);
  render(<I18nProvider lang={lang}><App store={store} /></I18nProvider>);
  return store;
}
