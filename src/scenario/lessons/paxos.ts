/** Lesson: how Basic Paxos chooses one value, and why a later proposer cannot change it. */
import { nodesLearned, proposerInPhase2, valueChosen } from './conditions';
import type { Lesson } from './types';

export const paxosLesson: Lesson = {
  id: 'basic-paxos',
  protocol: 'paxos',
  title: { en: 'Basic Paxos: choosing one value', zh: 'Basic Paxos：选定一个值' },
  scenario: {
    version: 1, protocol: 'paxos', nodes: 5, seed: 3,
    // S4 and S5 are cut off at first, so that they do not learn the outcome
    events: [{ at: 0, type: 'partition', groups: [[1, 2, 3], [4, 5]] }],
    meta: { title: 'Lesson: Basic Paxos' },
  },
  steps: [
    {
      at: 50,
      narration: {
        en: 'Basic Paxos makes a group agree on one value, once. Every node here is a proposer, an acceptor and a learner. For now S4 and S5 are cut off from the others.',
        zh: 'Basic Paxos 让一组节点对一个值达成一致，且只决定一次。这里每个节点都同时是提议者、接受者和学习者。目前 S4 和 S5 与其他节点隔离。',
      },
      highlight: [{ node: 4 }, { node: 5 }],
    },
    {
      actions: [{ type: 'request', node: 1, command: 'A' }],
      after: 5,
      narration: {
        en: 'S1 is asked to propose A. Phase 1: it picks ballot (1, S1), higher than any it has seen, and sends Prepare to every acceptor.',
        zh: 'S1 被要求提议 A。阶段 1：它选择一个比见过的都高的选票号 (1, S1)，向每个接受者发送 Prepare。',
      },
      highlight: [{ node: 1 }, { message: 'Prepare', from: 1 }],
    },
    {
      waitFor: { condition: proposerInPhase2, label: { en: 'S1 holds a majority of promises', zh: 'S1 得到多数派的承诺' }, budget: 500 },
      narration: {
        en: 'The acceptors S1, S2 and S3 promise to ignore ballots below (1, S1) and report the last value they accepted: none yet. With promises from a majority, S1 is free to propose its own value: phase 2, Accept(A).',
        zh: '接受者 S1、S2、S3 承诺不再理会低于 (1, S1) 的选票号，并报告各自最后接受的值：目前还没有。得到多数派的承诺后，S1 可以提议自己的值：进入阶段 2，发送 Accept(A)。',
      },
      highlight: [{ node: 1 }, { message: 'Accept', from: 1 }],
    },
    {
      waitFor: { condition: valueChosen, label: { en: 'a value is chosen', zh: '某个值被选定' }, budget: 500 },
      narration: {
        en: 'The moment a majority of acceptors (S1, S2, S3) has accepted A in the same ballot, A is chosen. No node may ever decide differently, even if nobody has noticed yet.',
        zh: '一旦多数派接受者（S1、S2、S3）在同一选票号下接受了 A，A 就被选定了。从此任何节点都不能做出不同的决定，即使此刻还没有人察觉。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 3 }],
    },
    {
      waitFor: { condition: nodesLearned([1, 2, 3]), label: { en: 'S1, S2 and S3 learn A', zh: 'S1、S2、S3 得知 A' }, budget: 500 },
      narration: {
        en: 'Acceptors tell every node about their vote. A learner that counts a majority of votes for one ballot knows A is chosen. S4 and S5, cut off, know nothing.',
        zh: '接受者把自己的投票告诉每个节点。学习者一旦数到同一选票号的多数票，就知道 A 已被选定。被隔离的 S4 和 S5 对此一无所知。',
      },
      highlight: [{ node: 4 }, { node: 5 }],
    },
    {
      actions: [{ type: 'heal' }, { type: 'request', node: 5, command: 'B' }],
      waitFor: { condition: nodesLearned([4, 5]), label: { en: 'S4 and S5 learn the chosen value', zh: 'S4 和 S5 得知被选定的值' }, budget: 1000 },
      narration: {
        en: 'The partition heals and S5 is asked to propose B, with a higher ballot. Any majority that promises includes one of S1, S2, S3, which reports its vote for A; so S5 must propose A, not B. The chosen value stays chosen.',
        zh: '分区恢复，S5 被要求用更高的选票号提议 B。任何给出承诺的多数派都包含 S1、S2、S3 中的至少一个，它会报告自己投给 A 的票；因此 S5 必须提议 A 而不是 B。已选定的值保持不变。',
      },
      highlight: [{ node: 5 }],
    },
    {
      after: 100,
      narration: {
        en: 'Two proposers can also keep preempting each other with ever higher ballots, so that nothing is chosen for a while: open "duelling proposers" in the library. Safety never depends on timing; progress does.',
        zh: '两个提议者也可能用越来越高的选票号互相抢占，使得一段时间内什么都选不出来：请在场景库中打开“决斗的提议者”。安全性从不依赖时序，而进展依赖时序。',
      },
    },
  ],
};
