/** Paxos and Multi-Paxos runs with a teaching bug switched on: the checker shows what goes wrong. */
import { multiPaxosNoopGap } from './multi-paxos';
import { paxosValueHijack } from './paxos';
import type { LibraryEntry } from './types';

export const paxosIgnoreAcceptedBug: LibraryEntry = {
  id: 'paxos-value-hijacking-ignore-accepted-value-bug',
  protocol: 'paxos',
  title: { en: 'Basic Paxos with the ignore-accepted-value bug', zh: '带有“无视已接受值”缺陷的 Basic Paxos' },
  explanation: {
    en: 'The value-hijacking run, with the bug ignore-accepted-value switched on. While S4 and S5 are cut off, S1, '
      + 'S2 and S3 accept A, so A is chosen. After the heal S5 is asked to propose B. A correct proposer learns of '
      + 'the vote for A from the promises and proposes A; this one keeps its own B. The acceptors that promised '
      + 'S5\'s higher ballot accept B, a majority of them, so B is chosen as well: two values chosen, which the '
      + 'Consistency invariant catches.',
    zh: '这是开启了 ignore-accepted-value 缺陷的“值劫持”运行。S4 和 S5 被隔开时，S1、S2、S3 接受了 A，A 被选定。'
      + '分区恢复后 S5 被要求提议 B。正确的提议者会从承诺中得知对 A 的投票，转而提议 A；这个提议者却坚持自己的 B。'
      + '承诺了 S5 更高选票的接受者接受了 B，而且构成多数派，于是 B 也被选定：两个值都被选定了，Consistency 不变式抓住了这一点。',
  },
  moment: {
    at: 643,
    text: {
      en: 'B is chosen although A already was: the checker stops the run here.',
      zh: 'A 已被选定，B 却也被选定了：检查器在这里停下了运行。',
    },
    highlight: [{ node: 1 }, { node: 3 }, { node: 5 }],
  },
  scenario: {
    ...paxosValueHijack.scenario,
    bugs: ['ignore-accepted-value'],
    meta: { title: 'Basic Paxos with the ignore-accepted-value bug' },
  },
};

export const multiPaxosIgnoreVotesBug: LibraryEntry = {
  id: 'multi-paxos-ignore-promised-values-bug',
  protocol: 'multi-paxos',
  title: { en: 'Multi-Paxos with the ignore-promised-values bug', zh: '带有“无视承诺中的投票”缺陷的 Multi-Paxos' },
  explanation: {
    en: 'The no-op-gap run, with the bug ignore-promised-values switched on. S1 leads, gets a chosen in slot 0 and '
      + 'c in slot 2, and crashes. S5 takes over: the promises of its phase 1 report the votes for c, and a correct '
      + 'leader would propose c again. This one fills every open slot with a no-op instead, and a majority accepts a '
      + 'no-op in slot 2, where c was already chosen: Consistency and ChosenAgreement catch it.',
    zh: '这是开启了 ignore-promised-values 缺陷的“空操作补洞”运行。S1 作为领导者让 a 在槽位 0、c 在槽位 2 被选定，然后崩溃。'
      + 'S5 接任：它阶段 1 收到的承诺报告了对 c 的投票，正确的领导者会重新提议 c。这个领导者却把所有未决的槽位都填成空操作，'
      + '多数派在早已选定 c 的槽位 2 接受了空操作：Consistency 和 ChosenAgreement 抓住了这一点。',
  },
  moment: {
    at: 744,
    text: {
      en: 'A no-op is chosen in slot 2, where c was chosen: the checker stops the run.',
      zh: '槽位 2 早已选定 c，却又选定了空操作：检查器停下了运行。',
    },
    highlight: [{ slot: 2 }],
  },
  scenario: {
    ...multiPaxosNoopGap.scenario,
    bugs: ['ignore-promised-values'],
    meta: { title: 'Multi-Paxos with the ignore-promised-values bug' },
  },
};
