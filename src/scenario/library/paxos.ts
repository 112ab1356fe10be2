/** Basic Paxos library: one value, decided once, whatever the proposers and acceptors do. */
import type { ScenarioEvent } from '../../sim/types';
import type { LibraryEntry } from './types';

export const paxosOneProposer: LibraryEntry = {
  id: 'paxos-one-proposer',
  protocol: 'paxos',
  title: { en: 'Basic Paxos: one proposer', zh: 'Basic Paxos：单个提议者' },
  explanation: {
    en: 'Five nodes, each a proposer, an acceptor and a learner. S1 is asked to propose A. In phase 1 it picks '
      + 'ballot (1, S1) and asks every acceptor to promise to ignore lower ballots; the promises report that '
      + 'nobody has accepted anything yet. In phase 2 it asks them to accept A in that ballot. The moment three of '
      + 'five acceptors have accepted A, A is chosen, and every learner that counts three Accepted messages for '
      + 'the same ballot learns it.',
    zh: '五个节点，每个都同时是提议者、接受者和学习者。S1 被要求提议 A。在阶段 1，它选择选票号 (1, S1)，请所有接受者'
      + '承诺不再理会更低的选票号；承诺的回复表明还没有任何接受者接受过值。在阶段 2，它请它们在这个选票号下接受 A。'
      + '一旦五个接受者中有三个接受了 A，A 就被选定；每个学习者只要数到同一选票号的三条 Accepted 消息，就会得知这一结果。',
  },
  moment: {
    at: 165,
    text: {
      en: 'S1, S4 and S5 have accepted A in ballot (1, S1): A is chosen, though no learner knows it yet.',
      zh: 'S1、S4 和 S5 已在选票号 (1, S1) 下接受了 A：A 已被选定，但还没有学习者知道。',
    },
    highlight: [{ node: 1 }, { node: 4 }, { node: 5 }],
  },
  scenario: {
    version: 1, protocol: 'paxos', nodes: 5, seed: 1, until: 1000,
    events: [{ at: 100, type: 'request', node: 1, command: 'A' }],
    meta: { title: 'Basic Paxos: one proposer' },
  },
};

/** S1 and S5 each restart their attempt every 30 ms, 15 ms apart, until 565 ms. */
const DUEL_ROUNDS = 15;
const duel: ScenarioEvent[] = [
  { at: 100, type: 'request', node: 1, command: 'A' },
  { at: 115, type: 'request', node: 5, command: 'B' },
];
for (let k = 1; k <= DUEL_ROUNDS; k++) {
  duel.push({ at: 100 + 30 * k, type: 'timeout', node: 1 }, { at: 115 + 30 * k, type: 'timeout', node: 5 });
}
/** The last scripted retry of the duel. */
export const DUEL_ENDS_AT = 115 + 30 * DUEL_ROUNDS;

export const paxosDuellingProposers: LibraryEntry = {
  id: 'paxos-duelling-proposers',
  protocol: 'paxos',
  title: { en: 'Basic Paxos: duelling proposers (livelock)', zh: 'Basic Paxos：决斗的提议者（活锁）' },
  explanation: {
    en: 'S1 proposes A and S5 proposes B. Every message takes 10 ms, and the script makes each of them retry every '
      + '30 ms, 15 ms after the other, which is the unluckiest timing there is: each new Prepare reaches the '
      + 'acceptors just before the other proposer\'s Accept, so the acceptors promise the higher ballot and reject '
      + 'the Accept. The ballots ratchet up, (1, S1), (2, S5), (3, S1) … (32, S5), and nothing is chosen for half a '
      + 'second, although after the first round both proposers already carry A (S1\'s own acceptor voted for A, '
      + 'and every later majority reports that vote). Safety never breaks, only progress stops. When the script '
      + 'stops forcing retries at 565 ms, S5\'s Accept gets through and A is chosen. Real proposers escape this '
      + 'with randomized, growing back-off or a single distinguished proposer.',
    zh: 'S1 提议 A，S5 提议 B。每条消息耗时 10 毫秒，脚本让它们每 30 毫秒重试一次，且彼此错开 15 毫秒——这是最不走运的'
      + '时序：每个新的 Prepare 都恰好在对方的 Accept 之前到达接受者，于是接受者承诺更高的选票号并拒绝 Accept。'
      + '选票号不断攀升：(1, S1)、(2, S5)、(3, S1) …… (32, S5)，半秒内什么也没有被选定；尽管从第二轮起两个提议者'
      + '携带的都已是 A（S1 自己的接受者投了 A，之后每个多数派都会报告这张票）。安全性从未被破坏，只是进展停止了。'
      + '565 毫秒后脚本不再强制重试，S5 的 Accept 得以通过，A 被选定。实际系统用随机且递增的退避时间，或只让一个'
      + '指定的提议者工作来摆脱这种局面。',
  },
  moment: {
    at: 300,
    text: {
      en: 'Ballot after ballot: each Prepare lands just before the rival Accept, which is then rejected.',
      zh: '一轮又一轮：每个 Prepare 都恰好在对手的 Accept 之前到达，对手的 Accept 随即被拒绝。',
    },
    highlight: [{ message: 'Prepare' }, { message: 'Accept' }],
  },
  scenario: {
    version: 1, protocol: 'paxos', nodes: 5, seed: 2, until: 2000,
    network: { latency: { min: 10, max: 10 } },
    events: duel,
    meta: { title: 'Basic Paxos: duelling proposers (livelock)' },
  },
};

export const paxosValueHijack: LibraryEntry = {
  id: 'paxos-value-hijacking',
  protocol: 'paxos',
  title: { en: 'Basic Paxos: a later proposer must adopt the chosen value', zh: 'Basic Paxos：后来的提议者必须采用已选定的值' },
  explanation: {
    en: 'While S4 and S5 are cut off, S1 gets A accepted by S1, S2 and S3: A is chosen, but S4 and S5 do not know. '
      + 'After the partition heals, S5 is asked to propose B. Its Prepare of a higher ballot collects promises '
      + 'from a majority, and any majority shares at least one acceptor with {S1, S2, S3}; that acceptor reports '
      + 'its vote for A. The rule of phase 2 then obliges S5 to propose A, not B, so the value that was chosen stays '
      + 'chosen. S5 "hijacks" nothing: it finishes S1\'s work.',
    zh: '在 S4 和 S5 被隔离期间，S1 让 S1、S2、S3 接受了 A：A 已被选定，但 S4 和 S5 并不知道。分区恢复后，S5 被要求'
      + '提议 B。它用更高选票号发出的 Prepare 从多数派那里得到承诺，而任何多数派都至少与 {S1, S2, S3} 共享一个接受者；'
      + '这个接受者会报告它投给 A 的票。阶段 2 的规则于是要求 S5 提议 A 而不是 B，已选定的值因此保持不变。S5 并没有'
      + '“劫持”什么：它只是完成了 S1 的工作。',
  },
  moment: {
    at: 630,
    text: {
      en: 'S5 enters phase 2 with A, not its own B: a promise reported the earlier vote for A.',
      zh: 'S5 进入阶段 2 时携带的是 A 而不是自己的 B：某个承诺报告了之前投给 A 的票。',
    },
    highlight: [{ node: 5 }, { message: 'Accept', from: 5 }],
  },
  scenario: {
    version: 1, protocol: 'paxos', nodes: 5, seed: 3, until: 1500,
    events: [
      { at: 0, type: 'partition', groups: [[1, 2, 3], [4, 5]] },
      { at: 100, type: 'request', node: 1, command: 'A' },
      { at: 500, type: 'heal' },
      { at: 600, type: 'request', node: 5, command: 'B' },
    ],
    meta: { title: 'Basic Paxos: a later proposer must adopt the chosen value' },
  },
};

export const paxosAcceptorRestart: LibraryEntry = {
  id: 'paxos-acceptor-crash-restart',
  protocol: 'paxos',
  title: { en: 'Basic Paxos: acceptors crash and restart', zh: 'Basic Paxos：接受者崩溃与重启' },
  explanation: {
    en: 'S4 and S5 are down while S1 gets A accepted by S1, S2 and S3, so A is chosen. At 400 ms those three crash, '
      + 'and S4 and S5 come back knowing nothing. S5 is asked to propose B, but two acceptors are not a majority: its '
      + 'attempts time out and it backs off, again and again, and nothing new is decided. At 1200 ms S2 and S3 '
      + 'restart. An acceptor keeps its promise and its vote on disk, so they still remember accepting A; S5\'s '
      + 'next Prepare hears of that vote and S5 proposes A. A stays the one chosen value.',
    zh: 'S4 和 S5 处于宕机状态时，S1 让 S1、S2、S3 接受了 A，于是 A 被选定。400 毫秒时这三个节点崩溃，S4 和 S5 重新启动，'
      + '对此一无所知。S5 被要求提议 B，但两个接受者不构成多数派：它的尝试一次次超时、退避，什么新决定也做不出。'
      + '1200 毫秒时 S2 和 S3 重启。接受者把承诺和投票保存在磁盘上，所以它们仍记得自己接受过 A；S5 的下一个 Prepare '
      + '得知了这张票，于是 S5 提议 A。A 始终是唯一被选定的值。',
  },
  moment: {
    at: 1360,
    text: {
      en: 'S2 and S3 are back with their vote for A on disk: S5 now proposes A, not B.',
      zh: 'S2 和 S3 带着磁盘上投给 A 的票回来了：S5 现在提议的是 A 而不是 B。',
    },
    highlight: [{ node: 2 }, { node: 3 }, { node: 5 }],
  },
  scenario: {
    version: 1, protocol: 'paxos', nodes: 5, seed: 4, until: 3000,
    events: [
      { at: 50, type: 'crash', node: 4 }, { at: 50, type: 'crash', node: 5 },
      { at: 100, type: 'request', node: 1, command: 'A' },
      { at: 400, type: 'crash', node: 1 }, { at: 400, type: 'crash', node: 2 }, { at: 400, type: 'crash', node: 3 },
      { at: 500, type: 'restart', node: 4 }, { at: 500, type: 'restart', node: 5 },
      { at: 600, type: 'request', node: 5, command: 'B' },
      { at: 1200, type: 'restart', node: 2 }, { at: 1200, type: 'restart', node: 3 },
    ],
    meta: { title: 'Basic Paxos: acceptors crash and restart' },
  },
};
