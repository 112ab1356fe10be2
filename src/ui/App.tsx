/**
 * The page: the top bar (playback, time, speed), the teaching toolbar (lesson, library, faults,
 * drawers, view settings), then the stage (the cluster and the protocol's panel) with two drawers:
 * the tools at the side and the details (space-time, inspector, event log) below.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useActorRef } from '@xstate/react';
import type { StoreApi } from 'zustand/vanilla';
import { LANGS } from '../protocols/explain';
import { PROTOCOLS } from '../protocols/registry';
import { LANGUAGE_NAMES, useI18n } from './i18n/context';
import { en } from './i18n/en';
import { commandFor } from './keyboard';
import { PROTOCOL_VIEWS } from './protocols';
import * as act from './state/actions';
import { PlaybackContext, StoreContext, useApp, useAppStoreApi, useSimAtEvent } from './state/context';
import { playbackMachine } from './state/playback';
import { inStepMode, selectLesson, selectProtocol, selectView, type AppState } from './state/store';
import { ClusterView } from './views/ClusterView';
import { CompareChoice, CompareStage } from './views/Compare';
import { Deferred } from './views/Deferred';
import { PlaybackButtons, Scrubber, ShareButton, SimStatus, SpeedControl } from './views/Controls';
import { RunUntilMenu } from './views/RunUntil';
import { EventLog } from './views/EventLog';
import { ExportPanel } from './views/ExportPanel';
import { FindFailure } from './views/FindFailure';
import { HistoryToggle, HistoryView, selectHasKvClients, useStepOpensHistory } from './views/HistoryView';
import { LessonBar, LessonPicker } from './views/Lesson';
import { HelpOverlay } from './views/HelpOverlay';
import { Inspector } from './views/Inspector';
import { Invariants } from './views/Invariants';
import { LibraryPicker, ScenarioContext } from './views/LibraryPicker';
import { NetworkPanel } from './views/NetworkPanel';
import { Notices } from './views/Notices';
import { PlaybackDriver } from './views/PlaybackDriver';
import { SetupPanel } from './views/SetupPanel';
import { SpaceTime } from './views/SpaceTime';
import { ServicePanel } from './views/ServicePanel';
import { DrawerToggle, QuickFaults } from './views/Toolbar';
import { pageFragment, type EmbedPanel } from './url';

type Theme = 'light' | 'dark';
const THEME_KEY = 'consensus-lab.theme';
const SPEED_FACTOR = 2;

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch { /* storage may be unavailable */ }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function Panel({ title, className, children, scrolls }: { title: string; className?: string; children: ReactNode; scrolls?: boolean }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      <h2 className="panel-title">{title}</h2>
      {/* a panel that scrolls with nothing to focus in it (the logs) takes the focus itself, so the keys scroll it */}
      <div className="panel-body" {...(scrolls ? { tabIndex: 0, role: 'group', 'aria-label': title } : {})}>{children}</div>
    </section>
  );
}

/** The protocol's own panel (logs, acceptors or slots), redrawn when an event happens. */
function ProtocolPanelHost() {
  const { sim, events } = useSimAtEvent();
  const Panel = PROTOCOL_VIEWS[sim.scenario.protocol].Panel;
  return <Panel sim={sim} events={events} />;
}

/** The setup form (it starts over from each newly loaded run) and the run to compare with. */
function SetupFor() {
  return <><SetupPanel /><CompareChoice /></>;
}
/** The history view is on the stage when asked for (toggle, link or lesson step) and the run has kv clients. */
const selectHistoryOpen = (s: AppState) => s.view.history === true && selectHasKvClients(s);
/** A lock workload puts the service panel on the stage. */
const selectHasService = (s: AppState) => s.scenario.workload?.kind === 'lock';

export function App({ store }: { store: StoreApi<AppState> }) {
  const actor = useActorRef(playbackMachine, { input: { store } });
  return (
    <StoreContext.Provider value={store}>
      <PlaybackContext.Provider value={actor}>
        <PlaybackDriver />
        <Page store={store} send={actor.send} />
      </PlaybackContext.Provider>
    </StoreContext.Provider>
  );
}

/** The keyboard shortcuts of the help overlay (also in embed mode). */
function useShortcuts(store: StoreApi<AppState>, send: Send, setTheme: (f: (t: Theme) => Theme) => void,
  setHelp: (f: boolean | ((h: boolean) => boolean)) => void) {
  useEffect(() => {
    // Was the focus last moved by the pointer? A button or checkbox clicked with the mouse keeps the
    // focus, and Space should then play or pause as everywhere else instead of pressing it again
    // (a second partition, a second step); one reached with Tab keeps Space for itself.
    let focusByPointer = false;
    const onPointer = () => { focusByPointer = true; };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab') focusByPointer = false;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      // keys typed into a field (or moving a slider) are not shortcuts; a ticked checkbox does not hold them
      const typing = target instanceof HTMLInputElement ? !['checkbox', 'radio', 'button'].includes(target.type)
        : target?.tagName === 'SELECT' || target?.tagName === 'TEXTAREA';
      const command = commandFor(e.key);
      // a presenter's remote sends Page Down and Page Up: in a lesson they walk it wherever the focus is
      // but in a text field (the lesson picker the mouse left focused would otherwise open the next lesson)
      const remote = (command === 'lessonNext' || command === 'lessonBack') && store.getState().lesson !== null
        && !(target instanceof HTMLInputElement && target.type !== 'range') && target?.tagName !== 'TEXTAREA';
      if (!command || (typing && command !== 'escape' && !remote)) return;
      // in a menu the arrow keys move between its items, not through the run
      if ((command === 'step' || command === 'stepBack') && target?.closest('[role="menu"]')) return;
      // buttons and checkboxes reached by keyboard handle Space themselves (so do the lesson's
      // Next and Back, which take the focus after a wait); everywhere else Space plays or pauses,
      // on Play and Pause too: Space there toggles, as it does anywhere on a media player
      const pressable = (target?.tagName === 'BUTTON' && !target.closest('.transport'))
        || (target instanceof HTMLInputElement && ['checkbox', 'radio'].includes(target.type));
      if (command === 'toggle' && pressable && (!focusByPointer || target?.closest('.lesson-bar'))) return;
      e.preventDefault();
      const s = store.getState();
      const sim = s.frame.sim;
      const selected = s.selection?.kind === 'node' ? s.selection.id : 1;
      switch (command) {
        case 'toggle': send({ type: 'TOGGLE' }); break;
        case 'step': send({ type: 'STEP' }); break;
        case 'stepBack': send({ type: 'STEP_BACK' }); break;
        // where each node proposes on its own there is no leader to send to: the selected node (or S1) proposes
        case 'request': s.act(act.clientRequest(s.scenario, PROTOCOLS[s.scenario.protocol].requests === 'proposer' ? selected : 'leader')); break;
        case 'crashLeader': s.act(act.crashLeader(sim)); break;
        case 'restartAll': s.act(act.restartAll(sim)); break;
        case 'timeout': s.act(act.timeoutNow(selected)); break;
        case 'alignTimers': s.act(act.alignTimers(sim)); break;
        case 'member': {
          // the protocol's own membership item for the selected node (Raft: add it to the voters, or remove it)
          const item = PROTOCOL_VIEWS[s.scenario.protocol].nodeActions?.(sim, selected, en).find((a) => a.id === 'member');
          if (item && !item.disabled) s.act(item.events);
          break;
        }
        case 'isolateLeader': s.act(act.isolateLeader(sim)); break;
        case 'heal': s.act(act.heal()); break;
        case 'transfer': { const events = act.transferToNext(sim); if (events.length > 0) s.act(events); break; }
        case 'stepMode': s.act(inStepMode(sim) ? act.releaseMessages(s.scenario, s.frame.timeMs) : act.holdMessages()); break;
        case 'theme': setTheme((t) => (t === 'dark' ? 'light' : 'dark')); break;
        case 'faster': s.setSpeed(s.speed * SPEED_FACTOR); break;
        case 'slower': s.setSpeed(s.speed / SPEED_FACTOR); break;
        case 'help': setHelp((h) => !h); break;
        case 'escape': setHelp(false); s.select(null); break;
        // as the lesson's own buttons do: Next only when it is offered (not while a wait plays)
        case 'lessonNext': if (s.lesson?.status === 'showing') { send({ type: 'PAUSE' }); s.lesson.actor.send({ type: 'NEXT' }); } break;
        case 'lessonBack': if (s.lesson) { send({ type: 'PAUSE' }); s.lesson.actor.send({ type: 'BACK' }); } break;
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [store, send, setTheme, setHelp]);
}

type Send = (e: { type: 'TOGGLE' | 'STEP' | 'STEP_BACK' | 'PAUSE' }) => void;

/** Which drawers are open: both while exploring, both closed while a lesson or presenter mode runs
 *  (the stage gets the room), until the user opens one; a change of mode starts over. */
function useDrawers(teaching: boolean) {
  const [state, setState] = useState({ teaching, tools: !teaching, dock: !teaching });
  // adjusted while rendering (React's pattern for state that follows a prop), not in an effect
  const current = state.teaching === teaching ? state : { teaching, tools: !teaching, dock: !teaching };
  if (current !== state) setState(current);
  return {
    tools: current.tools, dock: current.dock,
    toggleTools: () => setState((s) => ({ ...s, tools: !s.tools })),
    toggleDock: () => setState((s) => ({ ...s, dock: !s.dock })),
  };
}

function Page({ store, send }: { store: StoreApi<AppState>; send: Send }) {
  const { m, lang, setLang } = useI18n();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [help, setHelp] = useState(false);
  // on a phone, the controls past playback (run until, speed, the teaching toolbar) fold into a menu;
  // on a tablet (and in presenter mode on a laptop) only the secondary ones do
  const [menu, setMenu] = useState(false);
  const closeMenu = () => setMenu(false);
  const protocol = useApp(selectProtocol);
  const { embed, present, compare } = useApp(selectView);
  const inLesson = useApp(selectLesson) !== null;
  const drawers = useDrawers(present || inLesson);
  const view = PROTOCOL_VIEWS[protocol];
  const hasService = useApp(selectHasService);
  const history = useApp(selectHistoryOpen);
  useStepOpensHistory();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try { localStorage.setItem(THEME_KEY, theme); } catch { /* ignore */ }
  }, [theme]);

  useEffect(() => {
    const root = document.documentElement;
    if (present) root.dataset.present = 'true'; else delete root.dataset.present;
    if (embed) root.dataset.embed = 'true'; else delete root.dataset.embed;
  }, [present, embed]);

  useShortcuts(store, send, setTheme, setHelp);

  if (embed) return <EmbedPage theme={theme} />;

  return (
    <div className="app" data-menu={menu ? 'open' : 'closed'}>
      <header className="topbar">
        <h1 className="brand">{m.appTitle}</h1>
        <PlaybackButtons runUntil={false} />
        <div className="topbar-more topbar-run-until"><RunUntilMenu /></div>
        <Scrubber />
        <SimStatus />
        <div className="topbar-more topbar-speed"><SpeedControl /></div>
        <button type="button" className="menu-toggle" aria-expanded={menu} aria-controls="toolbar" title={m.menuHint}
          onClick={() => setMenu((o) => !o)}>
          <span aria-hidden="true">☰</span><span className="sr-only">{m.menu}</span>
        </button>
      </header>
      <nav className="toolbar" id="toolbar" aria-label={m.toolbarLabel}>
        <LessonPicker onPicked={closeMenu} />
        <LibraryPicker onPicked={closeMenu} />
        <QuickFaults />
        <div className="toolbar-end">
          <DrawerToggle open={drawers.tools} controls="tools" label={m.toolsToggle} hint={m.toolsToggleHint} onToggle={drawers.toggleTools} />
          <DrawerToggle open={drawers.dock} controls="dock" label={m.detailsToggle} hint={m.detailsToggleHint} onToggle={drawers.toggleDock} />
          <HistoryToggle />
          {/* Share and Presenter mode stay in the bar at every width past a phone's (CONTRACT §5 finds them by role) */}
          <ShareButton />
          <label className="toggle toggle-present" title={m.presenter}>
            {/* named on the input itself: the label's text also holds the short icon text ("PresentPresenter mode") */}
            <input type="checkbox" aria-label={m.presenter} checked={present} onChange={(e) => store.getState().setView({ present: e.target.checked })} />
            <span className="present-icon" aria-hidden="true">{m.presenterShort}</span><span className="present-text">{m.presenter}</span>
          </label>
          {/* on a tablet, and in presenter mode on a laptop, these wait behind the menu button */}
          <div className="toolbar-more">
          <label className="toggle toggle-icon" title={m.theme}>
            <input type="checkbox" checked={theme === 'dark'} onChange={(e) => setTheme(e.target.checked ? 'dark' : 'light')} />
            <span aria-hidden="true">◐</span><span className="sr-only">{m.theme}</span>
          </label>
          <label className="lang">
            <span className="sr-only">{m.language}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as typeof lang)} aria-label={m.language}>
              {LANGS.map((l) => <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>)}
            </select>
          </label>
          <button type="button" onClick={() => setHelp(true)} aria-label={m.help} aria-keyshortcuts="?">{m.helpButton}</button>
          </div>
        </div>
      </nav>
      <Notices />
      <ScenarioContext />
      <LessonBar />
      <main className="layout" data-tools={drawers.tools ? 'open' : 'closed'} data-dock={drawers.dock ? 'open' : 'closed'}>
        {/* the stage first: on a phone the cluster comes before every panel */}
        <section className="stage" aria-label={m.stageLabel}>
          {compare ? <CompareStage protocol={compare} theme={theme} /> : (
            <div className="stage-grid" data-protocol={protocol} data-panel-shape={view.panelShape ?? 'tall'} data-service={hasService ? '' : undefined}
              data-history={history ? '' : undefined}>
              <Panel title={m.clusterTitle} className="panel-cluster"><ClusterView theme={theme} /></Panel>
              {/* the stage's own panel is not deferred: its rows (CONTRACT's data-log-row) are there with the cluster */}
              <Panel title={view.panelTitle(m)} className="panel-protocol" scrolls><ProtocolPanelHost /></Panel>
              {hasService && <Panel title={m.serviceTitle} className="panel-service"><Deferred panel={ServicePanel} /></Panel>}
              {history && <Panel title={m.historyViewTitle} className="panel-history"><Deferred panel={HistoryView} /></Panel>}
            </div>
          )}
        </section>
        <aside className="sidebar" id="tools" hidden={!drawers.tools}>
          <Panel title={m.setupTitle}><Deferred panel={SetupFor} /></Panel>
          <Panel title={m.faultsTitle}><Deferred panel={NetworkPanel} /></Panel>
          <Panel title={m.invariantsTitle}><Deferred panel={Invariants} /></Panel>
          <Panel title={m.findTitle} className="panel-find"><Deferred panel={FindFailure} /></Panel>
          <Panel title={m.exportTitle}><Deferred panel={ExportPanel} /></Panel>
        </aside>
        <section className="dock" id="dock" hidden={!drawers.dock} aria-label={m.detailsToggle}>
          <Panel title={m.spaceTimeTitle} className="panel-spacetime"><Deferred panel={SpaceTime} /></Panel>
          <Panel title={m.inspectorTitle} className="panel-inspector"><Deferred panel={Inspector} /></Panel>
          <Panel title={m.eventLogTitle} className="panel-eventlog"><Deferred panel={EventLog} /></Panel>
        </section>
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

/**
 * `&embed=1`: what an iframe on a slide or course page shows. By default the cluster and a minimal
 * control bar; `&panels=` picks the stage panels (cluster, logs, spacetime, scrubber, speed).
 */
function EmbedPage({ theme }: { theme: Theme }) {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const protocol = useApp(selectProtocol);
  const panels = useApp(selectView).panels ?? DEFAULT_EMBED_PANELS;
  const has = (p: EmbedPanel) => panels.includes(p);
  const full = () => {
    const s = store.getState();
    return `${location.pathname}${pageFragment(s.scenario, { lang: s.view.lang, lesson: null, embed: false, present: s.view.present }, s.frame.timeMs)}`;
  };
  return (
    <div className="app app-embed">
      <Notices />
      <main className="embed-stage">
        {has('cluster') && <section className="embed-cluster" aria-label={m.clusterTitle}><ClusterView theme={theme} /></section>}
        {has('logs') && <Panel title={PROTOCOL_VIEWS[protocol].panelTitle(m)} className="panel-protocol"><ProtocolPanelHost /></Panel>}
        {has('spacetime') && <Panel title={m.spaceTimeTitle} className="panel-spacetime"><SpaceTime /></Panel>}
        {has('history') && <Panel title={m.historyViewTitle} className="panel-history"><HistoryView /></Panel>}
      </main>
      {has('scrubber') && <Scrubber />}
      <footer className="embed-bar">
        <PlaybackButtons />
        {has('speed') && <SpeedControl />}
        <SimStatus />
        <a className="embed-open" href="./" target="_blank" rel="noopener"
          onClick={(e) => { e.currentTarget.href = full(); }}>{m.openFullApp}</a>
      </footer>
    </div>
  );
}

const DEFAULT_EMBED_PANELS: readonly EmbedPanel[] = ['cluster'];
