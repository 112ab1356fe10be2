/**
 * Command-line switches for the headless Chromium that runs the browser tests and the benchmark.
 *
 * Besides the usual quiet-browser switches, two features are turned off: Chromium 156 builds its
 * own omnibox popup (a WebUI page of ~150 scripts) for every new tab, even headless, and compiled
 * and ran it on the same two cores while our page loaded. That doubled the first-render figure
 * (~1,100 ms against ~450 ms without) and slowed the first inputs after a load: it measured the
 * browser's address bar, not the page, and a user's browser builds it once, not per page.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];
