/** Lesson: the server that rejoins after a partition and deposes a healthy leader, and how PreVote stops it (dissertation §9.6). */
import { disruptiveRejoin } from '../library/raft-prevote';
import type { Lesson } from './types';

export const raftPreVoteLesson: Lesson = {
  id: 'raft-prevote',
  protocol: 'raft',
  title: { en: 'Raft: the disruptive server and PreVote', zh: 'Raft：捣乱的服务器与预投票' },
  scenario: { ...disruptiveRejoin.scenario, meta: { title: 'Lesson: Raft PreVote' } },
  steps: [
    {
      at: 900,
      narration: {
        en: 'S2 leads term 1 and has committed x=1 on all five servers. Watch S5: it is about to be cut off alone.',
        zh: 'S2 是任期 1 的领导者，已在全部五台服务器上提交了 x=1。注意 S5：它马上要被单独隔开。',
      },
      highlight: [{ node: 2 }, { node: 5 }],
    },
    {
      at: 2000,
      narration: {
        en: 'S5 hears no heartbeat, so its election timer fires; it stands for a new term, nobody answers, and the timer fires again. Its term climbs with every timeout, while the other four carry on in term 1 and commit x=2 without it.',
        zh: 'S5 收不到心跳，选举定时器触发；它为新任期参选，没人回应，定时器又触发了。它的任期随每次超时不断上升，而另外四台仍在任期 1，并在没有它的情况下提交了 x=2。',
      },
      highlight: [{ node: 5 }, { entry: 2 }],
    },
    {
      at: 3100,
      narration: {
        en: 'The partition healed at 3000 ms. S5, in term 10, rejects S2\'s heartbeat and says its term; S2 sees a higher term and steps down. Nobody leads now, although S2 was healthy and S5 cannot win: its log lacks x=2.',
        zh: '分区在 3000 毫秒恢复。处于任期 10 的 S5 拒绝 S2 的心跳并报出自己的任期；S2 看到更高的任期，只好退位。此刻没有领导者，尽管 S2 好好的，而 S5 也赢不了：它的日志缺少 x=2。',
      },
      highlight: [{ node: 5 }, { node: 2 }],
    },
    {
      at: 3300,
      narration: {
        en: 'S2 wins again, in term 11. The cluster lost about 200 ms of service, and every term jumped by ten, for nothing. A flaky link could do this again and again.',
        zh: 'S2 在任期 11 再次当选。集群白白损失了约 200 毫秒的服务，所有任期也无端跳了十个。一条时好时坏的链路可以一次又一次地造成这种情况。',
      },
      highlight: [{ node: 2 }],
    },
    {
      after: 100,
      narration: {
        en: 'PreVote (dissertation §9.6) fixes it: a node whose timer fires first asks "could you vote for me?" without changing its term. Alone, S5 never gets a majority, so its term stays 1; after the heal the others refuse, since they hear from the leader. Open "Raft with PreVote" in the library to watch the same run with it.',
        zh: '预投票（博士论文 §9.6）解决了这个问题：定时器触发的节点先问一句“你能投我吗？”，而不改变自己的任期。被隔开的 S5 永远得不到多数，任期停在 1；分区恢复后其他节点也会拒绝它，因为它们还能收到领导者的消息。在场景库中打开“Raft 加预投票”即可观看同样的运行。',
      },
      highlight: [{ node: 5 }],
    },
  ],
};
