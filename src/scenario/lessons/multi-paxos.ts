/** Lesson: Multi-Paxos, a stable leader, and how a new leader fills gaps with no-ops. */
import { everyUpNodeKnowsSlots, firstSlotsChosen, leaderExists, leaderOtherThan, slotChosen } from './conditions';
import type { Lesson } from './types';

export const multiPaxosLesson: Lesson = {
  id: 'multi-paxos',
  protocol: 'multi-paxos',
  title: { en: 'Multi-Paxos: a log of decisions', zh: 'Multi-Paxos：一连串的决定' },
  scenario: {
    version: 1, protocol: 'multi-paxos', nodes: 5, seed: 9,
    // S1 runs phase 1 first, before any randomized election timer fires
    events: [{ at: 50, type: 'timeout', node: 1 }],
    meta: { title: 'Lesson: Multi-Paxos' },
  },
  steps: [
    {
      waitFor: { condition: leaderExists, label: { en: 'S1 leads', zh: 'S1 成为领导者' }, budget: 1000 },
      narration: {
        en: 'Multi-Paxos decides a whole log: one Paxos instance per slot. S1 has run phase 1 once, for every slot at once, and a majority promised. It now leads.',
        zh: 'Multi-Paxos 决定的是一整条日志：每个槽位一个 Paxos 实例。S1 为所有槽位一次性执行了阶段 1，多数派给出了承诺。它现在是领导者。',
      },
      highlight: [{ node: 1 }],
    },
    {
      actions: [{ type: 'request', node: 1, command: 'a' }],
      waitFor: { condition: slotChosen(0), label: { en: 'slot 0 is chosen', zh: '槽位 0 被选定' }, budget: 500 },
      narration: {
        en: 'A client asks for a. The leader puts it in slot 0 and needs only phase 2: one round of Accept messages, and a is chosen.',
        zh: '一个客户端请求 a。领导者把它放进槽位 0，只需要阶段 2：一轮 Accept 消息，a 就被选定了。',
      },
      highlight: [{ node: 1 }, { slot: 0 }],
    },
    {
      actions: [
        { type: 'partition', groups: [[1], [2, 3, 4, 5]] },
        { type: 'request', node: 1, command: 'b' },
        { type: 'heal' },
        { type: 'request', node: 1, command: 'c' },
      ],
      waitFor: { condition: slotChosen(2), label: { en: 'slot 2 is chosen', zh: '槽位 2 被选定' }, budget: 500 },
      narration: {
        en: 'Two more commands: b goes to slot 1 and c to slot 2. A brief network glitch loses every Accept for b; those for c arrive, and c is chosen in slot 2. Nobody may apply c yet: slot 1 is a gap.',
        zh: '又来了两条命令：b 放进槽位 1，c 放进槽位 2。一次短暂的网络故障让 b 的所有 Accept 都丢失了；c 的 Accept 顺利到达，c 在槽位 2 被选定。但现在谁也不能执行 c：槽位 1 是个空洞。',
      },
      highlight: [{ slot: 1 }, { slot: 2 }],
    },
    {
      actions: [{ type: 'crash', node: 1 }],
      waitFor: { condition: leaderOtherThan(1), label: { en: 'a new leader takes over', zh: '新领导者接手' }, budget: 2000 },
      narration: {
        en: 'S1 crashes before it can resend b. S2 times out first and runs phase 1 with the higher ballot (2, S2). The promises report a in slot 0 and c in slot 2, and nothing at all for slot 1.',
        zh: 'S1 在重发 b 之前崩溃了。S2 最先超时，用更高的选票号 (2, S2) 执行阶段 1。承诺的回复报告了槽位 0 中的 a 和槽位 2 中的 c，而槽位 1 什么都没有。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { slot: 1 }],
    },
    {
      waitFor: { condition: firstSlotsChosen(3), label: { en: 'slots 0–2 are all chosen', zh: '槽位 0–2 全部选定' }, budget: 500 },
      narration: {
        en: 'S5 timed out too, and its ballot (2, S5) is higher: S2 steps down and S5 leads. As Paxos requires, S5 proposes again what its promises report: a, c, and in slot 1 the no-op S2 had filled the gap with. A majority accepted each slot, so a, no-op, c is chosen with no hole, though no node knows it yet (the known column). b was never chosen; its client must retry.',
        zh: 'S5 也超时了，而它的选票号 (2, S5) 更高：S2 退位，由 S5 领导。按照 Paxos 的要求，S5 重新提议承诺中报告的值：a、c，以及 S2 先前用来填补槽位 1 空洞的空操作（no-op）。多数节点已接受每个槽位，所以 a、no-op、c 已被选定且没有空洞，尽管还没有节点得知（见“已知”一列）。b 从未被选定；它的客户端需要重试。',
      },
      highlight: [{ node: 5 }, { slot: 1 }, { slot: 2 }],
    },
    {
      actions: [{ type: 'restart', node: 1 }],
      waitFor: { condition: everyUpNodeKnowsSlots(3), label: { en: 'every node knows slots 0–2', zh: '所有节点都知道槽位 0–2' }, budget: 1000 },
      narration: {
        en: 'S1 restarts with b still in its slot 1. The new leader\'s catch-up replaces it with the chosen no-op: what was chosen wins over what one node accepted.',
        zh: 'S1 重启时，它的槽位 1 中仍是 b。新领导者的追赶消息把它替换成已选定的 no-op：被选定的值优先于单个节点接受过的值。',
      },
      highlight: [{ node: 1, slot: 1 }],
    },
  ],
};
