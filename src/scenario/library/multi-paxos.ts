/** Multi-Paxos library: a new leader re-proposes what it hears of and fills the gaps with no-ops. */
import type { LibraryEntry } from './types';

/** The glitch: S1 is alone for an instant while it proposes b, then the network heals for c. */
export const GAP_AT = 400;

export const multiPaxosNoopGap: LibraryEntry = {
  id: 'multi-paxos-leader-fails-noop-gap',
  protocol: 'multi-paxos',
  title: { en: 'Multi-Paxos: a new leader fills a gap with a no-op', zh: 'Multi-Paxos：新领导者用空操作填补空洞' },
  explanation: {
    en: 'S1 runs phase 1 once and leads; a is chosen in slot 0 with a single round of Accepts. At 400 ms S1 is '
      + 'cut off for an instant while it proposes b for slot 1, so every Accept for b is lost; right after, it '
      + 'proposes c for slot 2, which a majority accepts: c is chosen, but slot 1 is a gap and nothing after it '
      + 'can be applied. S1 crashes at 450 ms, before it resends b. S5 takes over and runs phase 1: the promises '
      + 'report c in slot 2 and nothing in slot 1, so it proposes c again in slot 2 and a no-op in slot 1. The log '
      + 'becomes a, no-op, c on every node, and when S1 restarts its own b in slot 1 is replaced by the chosen no-op.',
    zh: 'S1 执行一次阶段 1 后成为领导者；a 只用一轮 Accept 就在槽位 0 被选定。400 毫秒时，S1 在为槽位 1 提议 b 的那一刻'
      + '被短暂隔离，b 的所有 Accept 都丢失了；紧接着它为槽位 2 提议 c，多数派接受了：c 被选定，但槽位 1 是个空洞，'
      + '其后的内容都无法执行。S1 在 450 毫秒崩溃，来不及重发 b。S5 接任并执行阶段 1：承诺报告了槽位 2 中的 c，'
      + '而槽位 1 什么都没有，于是它在槽位 2 重新提议 c，在槽位 1 提议一个空操作（no-op）。所有节点上的日志都变为 '
      + 'a、no-op、c；S1 重启后，它在槽位 1 中的 b 也被已选定的 no-op 取代。',
  },
  moment: {
    at: 760,
    text: {
      en: 'S5, the new leader, has just had its no-op chosen in slot 1: the gap is closed and c can be applied.',
      zh: '新领导者 S5 的 no-op 刚在槽位 1 被选定：空洞已填补，c 可以执行了。',
    },
    highlight: [{ node: 5 }, { slot: 1 }],
  },
  scenario: {
    version: 1, protocol: 'multi-paxos', nodes: 5, seed: 9, until: 2500,
    events: [
      { at: 50, type: 'timeout', node: 1 },
      { at: 200, type: 'request', node: 1, command: 'a' },
      { at: GAP_AT, type: 'partition', groups: [[1], [2, 3, 4, 5]] },
      { at: GAP_AT, type: 'request', node: 1, command: 'b' },
      { at: GAP_AT + 1, type: 'heal' },
      { at: GAP_AT + 1, type: 'request', node: 1, command: 'c' },
      { at: GAP_AT + 50, type: 'crash', node: 1 },
      { at: 1500, type: 'restart', node: 1 },
    ],
    meta: { title: 'Multi-Paxos: a new leader fills a gap with a no-op' },
  },
};
