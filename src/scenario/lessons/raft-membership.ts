/** Lesson: adding and removing Raft servers, the leader included (dissertation chapter 4). */
import { commandCommitted, leaderConfigCommitted, leaderExists, leaderJoint, leaderOtherThan, nodeLeftCluster } from './conditions';
import type { Lesson } from './types';

export const raftMembershipLesson: Lesson = {
  id: 'raft-membership',
  protocol: 'raft',
  title: { en: 'Raft: adding and removing servers', zh: 'Raft：添加和移除服务器' },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 7,
    config: { members: [1, 2, 3] },
    events: [{ at: 50, type: 'timeout', node: 1 }],
    meta: { title: 'Lesson: Raft membership changes' },
  },
  steps: [
    {
      waitFor: { condition: leaderExists, label: { en: 'a leader is elected', zh: '选出领导者' }, budget: 1000 },
      narration: {
        en: 'Only S1, S2 and S3 vote. S4 and S5 are spare servers, drawn with a dotted ring: they hold no log and start no election until a configuration adds them. S1 leads term 1.',
        zh: '只有 S1、S2、S3 投票。S4 和 S5 是备用服务器，用虚线圆圈表示：在某个配置加入它们之前，它们没有日志，也不发起选举。S1 是任期 1 的领导者。',
      },
      highlight: [{ node: 1 }, { node: 4 }, { node: 5 }],
    },
    {
      actions: [{ type: 'request', node: 'leader', command: 'x=1' }],
      waitFor: { condition: commandCommitted('x=1'), label: { en: 'x=1 is committed', zh: 'x=1 已提交' }, budget: 500 },
      narration: {
        en: 'A majority of {S1, S2, S3} is two servers, so x=1 is committed without S4 and S5, which still hold nothing.',
        zh: '{S1, S2, S3} 的多数是两台服务器，所以 x=1 不需要 S4 和 S5 就提交了，它们仍然什么也没有。',
      },
      highlight: [{ entry: 1 }],
    },
    {
      actions: [{ type: 'reconfigure', members: [1, 2, 3, 4] }],
      waitFor: { condition: leaderConfigCommitted([1, 2, 3, 4]), label: { en: 'S4 is a voter', zh: 'S4 成为投票成员' }, budget: 1000 },
      narration: {
        en: 'Add S4: with one server in or out, every majority of the old set meets every majority of the new one. S1 appended the configuration {S1, S2, S3, S4} as entry 2; each server uses it as soon as it is in its log, and S4 received the log. A majority is now three, and entry 2 is committed.',
        zh: '加入 S4：只进出一台服务器时，旧集合的每个多数都与新集合的每个多数相交。S1 把配置 {S1, S2, S3, S4} 作为第 2 条日志追加；每台服务器一旦把它写入日志就按它行事，S4 也收到了日志。多数现在是三台，第 2 条已提交。',
      },
      highlight: [{ node: 4 }, { node: 1, entry: 2 }],
    },
    {
      actions: [{ type: 'reconfigure', members: [2, 3, 4, 5] }],
      waitFor: { condition: leaderJoint, label: { en: 'the joint configuration is in the log', zh: '联合配置已写入日志' }, budget: 100 },
      narration: {
        en: 'Now remove S1, the leader, and add S5: two changes at once. Switching straight over could let two disjoint majorities elect two leaders, so S1 first appends the joint configuration as entry 3: under it, elections and commits need a majority of each set.',
        zh: '现在移除领导者 S1 并加入 S5：同时变两台。直接切换可能让两个互不相交的多数派选出两个领导者，所以 S1 先把联合配置作为第 3 条追加：在它之下，选举和提交都需要两个集合各自的多数。',
      },
      highlight: [{ node: 1, entry: 3 }, { node: 5 }],
    },
    {
      waitFor: { condition: nodeLeftCluster(1), label: { en: 'S1 has left', zh: 'S1 已离开' }, budget: 1500 },
      narration: {
        en: 'The joint entry committed, so S1 appended {S2, S3, S4, S5} as entry 4. It replicated that entry without counting itself; once it was committed, S1 sent the followers one last heartbeat saying so, stepped down and now stays idle. No one leads.',
        zh: '联合配置条目提交后，S1 把 {S2, S3, S4, S5} 作为第 4 条追加。它复制这个条目，但不把自己计入多数；条目提交后，S1 发出最后一次心跳告知跟随者，随即退位，此后保持空闲。现在没有领导者。',
      },
      highlight: [{ node: 1 }, { node: 1, entry: 4 }],
    },
    {
      waitFor: { condition: leaderOtherThan(1), label: { en: 'a new leader', zh: '新的领导者' }, budget: 2000 },
      narration: {
        en: 'With no leader, a voter timed out and S2 won term 2 with votes from S3 and S5, three of the four voters. S1 was not asked, and would not have counted; it keeps its log and stays idle.',
        zh: '没有了领导者，一个投票成员超时，S2 凭 S3 和 S5 的选票赢得任期 2，四个投票成员中的三票。S1 没有被询问，它的票也不会被计入；它保留着日志，保持空闲。',
      },
      highlight: [{ node: 2 }, { node: 1 }],
    },
  ],
};
