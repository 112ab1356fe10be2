/** Raft library, beyond Figure 2: membership changes and snapshots (dissertation chapters 4 and 5). */
import type { Scenario } from '../../sim/types';
import type { LibraryEntry } from './types';

export const addRemoveServers: LibraryEntry = {
  id: 'raft-add-remove-servers',
  protocol: 'raft',
  title: { en: 'Raft: adding and removing servers, the leader too', zh: 'Raft：添加和移除服务器，包括领导者' },
  explanation: {
    en: 'Five servers, but only S1, S2 and S3 vote at first; S4 and S5 are spare, idle until added. S1 leads and '
      + 'commits x=1. At 700 ms it is asked to add S4: one server in, so any majority of the old set meets any '
      + 'majority of the new one, and S1 appends the new configuration {S1, S2, S3, S4} as one entry, in force on '
      + 'each server as soon as it is in its log (§4.1). At 1400 ms it is asked for {S2, S3, S4, S5}: S1 out and S5 '
      + 'in, two changes at once, so S1 goes through the joint configuration C_old,new (§4.3), in which elections '
      + 'and commits need a majority of both sets. Once the joint entry commits, S1 appends the new configuration; '
      + 'it does not count itself for it, and once that commits it tells the followers, steps down and stays idle. '
      + 'S2–S5 elect S4 and go on without S1.',
    zh: '五台服务器，但起初只有 S1、S2、S3 投票；S4 和 S5 是备用的，加入之前保持空闲。S1 是领导者并提交了 x=1。700 毫秒时'
      + '它被要求加入 S4：只加一台，旧集合的任意多数与新集合的任意多数必然相交，所以 S1 把新配置 {S1, S2, S3, S4} 作为一条'
      + '日志追加，每台服务器一旦把它写入日志就按它行事（§4.1）。1400 毫秒时它被要求改为 {S2, S3, S4, S5}：移出 S1、加入 S5，'
      + '同时变两台，于是 S1 经由联合配置 C_old,new（§4.3），其中选举和提交都需要两个集合各自的多数。联合配置提交后，S1 追加'
      + '新配置；它不把自己计入新配置的多数，新配置提交后它通知跟随者、退位并保持空闲。S2–S5 选出 S4，没有 S1 也继续工作。',
  },
  moment: {
    at: 1460,
    text: {
      en: 'The joint configuration is committed with a majority of both sets; S1 now appends {S2, S3, S4, S5}, which leaves itself out.',
      zh: '联合配置已由两个集合各自的多数提交；S1 接着追加不包含它自己的 {S2, S3, S4, S5}。',
    },
    highlight: [{ node: 1, entry: 4 }, { node: 1, entry: 5 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 7, until: 3000,
    config: { members: [1, 2, 3] },
    events: [
      { at: 50, type: 'timeout', node: 1 },
      { at: 400, type: 'request', node: 'leader', command: 'x=1' },
      { at: 700, type: 'reconfigure', members: [1, 2, 3, 4] },
      { at: 1100, type: 'request', node: 'leader', command: 'x=2' },
      { at: 1400, type: 'reconfigure', members: [2, 3, 4, 5] },
      { at: 2200, type: 'request', node: 'leader', command: 'x=3' },
    ],
    meta: { title: 'Raft: adding and removing servers, the leader too' },
  },
};

export const snapshotCatchUp: LibraryEntry = {
  id: 'raft-snapshot-catch-up',
  protocol: 'raft',
  title: { en: 'Raft: a snapshot catches up a lagging follower', zh: 'Raft：用快照追上落后的跟随者' },
  explanation: {
    en: 'Each server snapshots its state machine once it has applied four entries past its last snapshot, and drops '
      + 'those entries from its log (snapshotThreshold 4, §5.1). S2 leads; S3 crashes at 600 ms holding only x=1. '
      + 'When S2 commits z=4 it snapshots up to index 4, so the entries S3 needs next (2 to 4) are gone from every '
      + 'log: S2 sends its snapshot instead, in an InstallSnapshot message, at every heartbeat while S3 is down. S3 '
      + 'restarts at 1200 ms; the snapshot\'s last entry is past the end of its log, so S3 drops its whole log, '
      + 'takes the snapshot as its state machine, and the entries after index 4 follow in AppendEntries.',
    zh: '每台服务器在上次快照之后又应用了四条日志时，就为状态机做快照，并从日志中删除这些条目（snapshotThreshold 为 4，§5.1）。'
      + 'S2 是领导者；S3 在 600 毫秒崩溃，那时只有 x=1。S2 提交 z=4 时做了到索引 4 的快照，S3 接下来需要的条目（2 到 4）'
      + '已从所有日志中删除：于是 S2 改为用 InstallSnapshot 消息发送快照，S3 宕机期间每次心跳都发。S3 在 1200 毫秒重启；'
      + '快照的最后一条超出了它日志的末尾，所以 S3 丢弃整份日志，把快照作为自己的状态机，索引 4 之后的条目随后由 AppendEntries 送达。',
  },
  moment: {
    at: 1240,
    text: {
      en: 'S3 is back, and S2 sends it the snapshot up to index 4: entries 2 to 4 are no longer in any log.',
      zh: 'S3 回来了，S2 给它发送截至索引 4 的快照：条目 2 到 4 已不在任何日志中。',
    },
    highlight: [{ node: 3 }, { message: 'InstallSnapshot', to: 3 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 3, seed: 3, until: 2500,
    config: { snapshotThreshold: 4 },
    events: [
      { at: 500, type: 'request', node: 'leader', command: 'x=1' },
      { at: 600, type: 'crash', node: 3 },
      { at: 700, type: 'request', node: 'leader', command: 'y=2' },
      { at: 760, type: 'request', node: 'leader', command: 'x=3' },
      { at: 820, type: 'request', node: 'leader', command: 'z=4' },
      { at: 880, type: 'request', node: 'leader', command: 'y=5' },
      { at: 940, type: 'request', node: 'leader', command: 'x=6' },
      { at: 1200, type: 'restart', node: 3 },
      { at: 1600, type: 'request', node: 'leader', command: 'z=7' },
    ],
    meta: { title: 'Raft: a snapshot catches up a lagging follower' },
  },
};

/** Leader S1 of {S1, S2, S3} adds S4 and S5 at once while a partition cuts S2 and S3 off. */
const unsafeChange: Scenario = {
  version: 1, protocol: 'raft', nodes: 5, seed: 1, until: 2000,
  config: { members: [1, 2, 3] },
  events: [
    { at: 400, type: 'request', node: 'leader', command: 'x=1' },
    { at: 600, type: 'reconfigure', members: [1, 2, 3, 4, 5] },
    { at: 600, type: 'partition', groups: [[1, 4, 5], [2, 3]] },
    { at: 700, type: 'request', node: 'leader', command: 'x=2' },
    { at: 1000, type: 'timeout', node: 4 },
    { at: 1300, type: 'request', node: 5, command: 'x=3' },
  ],
};

export const membershipJointIsSafe: LibraryEntry = {
  id: 'raft-two-servers-at-once-joint',
  protocol: 'raft',
  title: { en: 'Raft: two servers at once, through joint consensus', zh: 'Raft：一次变更两台服务器，经由联合共识' },
  explanation: {
    en: 'S1 leads {S1, S2, S3} and is asked to add S4 and S5 at once; at that moment a partition puts S2 and S3 on '
      + 'one side and S1, S4, S5 on the other. S1 appends the joint configuration: to commit it, and to elect anyone '
      + 'under it, a majority of {S1, S2, S3} is needed as well as one of all five. S2 and S3 still use the old '
      + 'configuration and elect S3 leader of term 2 between them. On the other side S4 stands for term 2 too, and '
      + 'gets S1\'s and S5\'s votes, three of five, but only one of the old three: not enough, so no second leader.',
    zh: 'S1 领导 {S1, S2, S3}，被要求同时加入 S4 和 S5；就在此刻，网络分区把 S2、S3 分在一边，S1、S4、S5 在另一边。'
      + 'S1 追加联合配置：要提交它、或在它之下选出任何领导者，既需要五台中的多数，也需要 {S1, S2, S3} 中的多数。S2 和 S3 '
      + '仍使用旧配置，在它们之间选出 S3 作为任期 2 的领导者。另一边 S4 也竞选任期 2，得到 S1 和 S5 的选票，五台中的三台，但旧的'
      + '三台中只有一台：不够，所以不会出现第二个领导者。',
  },
  moment: {
    at: 1040,
    text: {
      en: 'S4 has three of five votes, but only S1 of the old three: under the joint configuration it does not win.',
      zh: 'S4 得到了五台中的三票，但旧的三台中只有 S1：在联合配置下它不能当选。',
    },
    highlight: [{ node: 4 }, { node: 1 }],
  },
  scenario: { ...unsafeChange, meta: { title: 'Raft: two servers at once, through joint consensus' } },
};

export const unsafeMembershipBug: LibraryEntry = {
  id: 'raft-unsafe-membership-change-bug',
  protocol: 'raft',
  title: { en: 'Raft with the unsafe-membership-change bug', zh: '带有“不安全成员变更”缺陷的 Raft' },
  explanation: {
    en: 'The same run with the bug unsafe-membership-change switched on: S1 moves straight from {S1, S2, S3} to all '
      + 'five servers, skipping the joint configuration, and commits that entry with S4 and S5, three of five. '
      + 'S2 and S3, a majority of the old set, elect S3 leader of term 2 at 778 ms; S3 lacks the committed '
      + 'configuration entry, which LeaderCompleteness reports at once (playback stops there first). At 1037 ms '
      + 'S4, S5 and S1, a majority of the new set, elect S4 in term 2 as well. The two majorities do not meet, so '
      + 'there are two leaders in one term, which ElectionSafety catches.',
    zh: '同样的运行，但开启了 unsafe-membership-change 缺陷：S1 从 {S1, S2, S3} 直接切换到全部五台，跳过了联合配置，'
      + '并凭 S4 和 S5（五台中的三台）提交了这条配置。S2 和 S3 是旧集合的多数，在 778 毫秒选出 S3 作为任期 2 的领导者；'
      + 'S3 没有那条已提交的配置条目，LeaderCompleteness 立即报告了这一点（回放会先停在这里）。1037 毫秒时，S4、S5 和 S1 '
      + '作为新集合的多数，也在任期 2 选出了 S4。两个多数派互不相交，于是同一任期出现两个领导者，ElectionSafety 抓住了这一点。',
  },
  moment: {
    at: 1037,
    text: {
      en: 'S4 wins term 2 with S1 and S5, while S3 already leads term 2 with S2: two leaders in one term.',
      zh: 'S4 凭 S1 和 S5 的选票赢得任期 2，而 S3 已凭 S2 的选票领导任期 2：同一任期两个领导者。',
    },
    highlight: [{ node: 4 }, { node: 3 }],
  },
  scenario: {
    ...unsafeChange,
    bugs: ['unsafe-membership-change'], meta: { title: 'Raft with the unsafe-membership-change bug' },
  },
};
