/** Raft beyond Figure 2, part 1: the disruptive server that rejoins, without and with PreVote (dissertation §9.6). */
import type { LibraryEntry } from './types';
import type { Scenario } from '../../sim/types';

/** S5 is cut off from 1000 to 3000 ms while S2 leads and commits x=2 without it. */
const rejoin = (preVote: boolean, title: string): Scenario => ({
  version: 1, protocol: 'raft', nodes: 5, seed: 3, until: 4000,
  config: { preVote },
  events: [
    { at: 500, type: 'request', node: 'leader', command: 'x=1' },
    { at: 1000, type: 'partition', groups: [[5], [1, 2, 3, 4]] },
    { at: 1500, type: 'request', node: 'leader', command: 'x=2' },
    { at: 3000, type: 'heal' },
  ],
  meta: { title },
});

/** When S2, deposed by S5's term, is elected again (no PreVote). */
export const REJOIN_REELECTED_AT = 3259.063;

export const disruptiveRejoin: LibraryEntry = {
  id: 'raft-disruptive-rejoin',
  protocol: 'raft',
  title: { en: 'Raft: a rejoining server disrupts the leader', zh: 'Raft：重新加入的服务器扰乱领导者' },
  explanation: {
    en: 'S2 leads term 1. At 1000 ms S5 is cut off alone. It hears no heartbeat, so its election timer fires again '
      + 'and again; each time it stands for a new term that nobody hears, and by the heal at 3000 ms it is in term 10. '
      + 'Meanwhile S2 committed x=2 with the other three. After the heal S5 rejects S2\'s heartbeat with its term 10, '
      + 'and S2, seeing a higher term, steps down: a healthy leader is deposed by a server that cannot even win, '
      + 'since its log lacks x=2. The cluster has no leader until S2 wins again in term 11.',
    zh: 'S2 是任期 1 的领导者。1000 毫秒时 S5 被单独隔开。它收不到心跳，选举定时器一次又一次地触发；每次它都为一个新任期'
      + '参选，却没人听得到，到 3000 毫秒分区恢复时它已到了任期 10。与此同时 S2 和另外三台提交了 x=2。分区恢复后，S5 以'
      + '任期 10 拒绝 S2 的心跳，S2 看到更高的任期，只好退位：一个健康的领导者被一台根本赢不了选举的服务器（它的日志缺少 x=2）'
      + '赶下台。集群没有领导者，直到 S2 在任期 11 再次当选。',
  },
  moment: {
    at: 3100,
    text: {
      en: 'S2 has stepped down to term 10 because of S5: no one leads now.',
      zh: 'S2 因为 S5 而退位，成了任期 10 的跟随者：此刻没有领导者。',
    },
    highlight: [{ node: 5 }, { node: 2 }],
  },
  scenario: rejoin(false, 'Raft: a rejoining server disrupts the leader'),
};

export const rejoinWithPreVote: LibraryEntry = {
  id: 'raft-rejoin-prevote',
  protocol: 'raft',
  title: { en: 'Raft with PreVote: the rejoining server disrupts nothing', zh: 'Raft 加预投票：重新加入的服务器不再扰乱' },
  explanation: {
    en: 'The same run with PreVote on. When S5\'s timer fires it does not move to a new term: it first asks the others '
      + 'whether they could vote for it in term 2 (dashed pre-vote messages). Cut off, it gets no answer, so its term '
      + 'stays 1 however long the partition lasts. After the heal the others refuse its pre-vote, since they heard '
      + 'from the leader S2 less than an election timeout ago, and S2\'s next heartbeat, of term 1, is one S5 accepts: '
      + 'it simply follows again. Every node ends in term 1 and the leader never changes.',
    zh: '同样的运行，打开了预投票（PreVote）。S5 的定时器触发时，它不进入新任期，而是先问其他节点能否在任期 2 投票给它'
      + '（虚线的预投票消息）。它被隔开，得不到回答，因此无论分区持续多久，任期都停在 1。分区恢复后，其他节点拒绝它的预投票，'
      + '因为它们在一个选举超时之内刚收到领导者 S2 的消息；S2 的下一次任期 1 的心跳 S5 会接受：它又乖乖成为跟随者。'
      + '所有节点最后都在任期 1，领导者从未改变。',
  },
  moment: {
    at: 3045,
    text: {
      en: 'Every node refused S5\'s pre-vote: the leader S2 is alive. S5\'s term is still 1.',
      zh: '所有节点都拒绝了 S5 的预投票：领导者 S2 还活着。S5 的任期仍是 1。',
    },
    highlight: [{ node: 5 }, { message: 'PreVoteReply', to: 5 }],
  },
  scenario: rejoin(true, 'Raft with PreVote: the rejoining server disrupts nothing'),
};
