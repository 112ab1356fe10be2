/** Lesson: what a network partition can and cannot do to a Raft cluster. */
import { allLogsMatch, commandCommitted, leaderOfTermAtLeast } from './conditions';
import type { Lesson } from './types';

export const raftPartitionsLesson: Lesson = {
  id: 'raft-partitions-and-safety',
  protocol: 'raft',
  title: { en: 'Raft: partitions and safety', zh: 'Raft：网络分区与安全性' },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 5,
    events: [
      { at: 50, type: 'timeout', node: 1 },
      { at: 300, type: 'request', node: 'leader', command: 'x=1' },
    ],
    meta: { title: 'Lesson: Raft partitions and safety' },
  },
  steps: [
    {
      waitFor: { condition: commandCommitted('x=1'), label: { en: 'x=1 is committed', zh: 'x=1 已提交' }, budget: 1000 },
      narration: {
        en: 'S1 leads term 1 and has just committed x=1 on a majority.',
        zh: 'S1 是任期 1 的领导者，刚刚在多数派上提交了 x=1。',
      },
      highlight: [{ node: 1 }, { entry: 1 }],
    },
    {
      actions: [{ type: 'partition', groups: [[1, 2], [3, 4, 5]] }],
      after: 60,
      narration: {
        en: 'The network splits: S1 and S2 on one side, S3, S4 and S5 on the other. Messages between the sides are lost.',
        zh: '网络分裂了：S1 和 S2 在一侧，S3、S4、S5 在另一侧。两侧之间的消息全部丢失。',
      },
      highlight: [{ node: 1 }, { node: 2 }],
    },
    {
      actions: [{ type: 'request', node: 1, command: 'x=2' }],
      after: 100,
      narration: {
        en: 'A client reaches S1, which still believes it leads, and asks for x=2. S1 appends it and S2 stores it, but two servers of five are not a majority: x=2 is not committed, and the client gets no answer.',
        zh: '一个客户端联系上仍以为自己是领导者的 S1，请求设置 x=2。S1 追加了它，S2 也存下了，但五台中的两台不是多数：x=2 没有提交，客户端也得不到回复。',
      },
      highlight: [{ node: 1, entry: 2 }, { node: 2, entry: 2 }],
    },
    {
      waitFor: { condition: leaderOfTermAtLeast(2), label: { en: 'the majority elects a leader', zh: '多数派选出领导者' }, budget: 2000 },
      narration: {
        en: 'On the other side the followers hear no heartbeats. One of them, S4, times out and wins term 2 with three votes. There are now two leaders, in different terms: S1 in term 1 and S4 in term 2.',
        zh: '另一侧的跟随者收不到心跳。其中的 S4 超时，以三票赢得任期 2。现在有两个领导者，分属不同的任期：任期 1 的 S1 和任期 2 的 S4。',
      },
      highlight: [{ node: 4 }, { node: 1 }],
    },
    {
      actions: [{ type: 'request', node: 'leader', command: 'x=3' }],
      waitFor: { condition: commandCommitted('x=3'), label: { en: 'x=3 is committed', zh: 'x=3 已提交' }, budget: 1000 },
      narration: {
        en: 'A client reaches the new leader S4 and asks for x=3. With three of five servers it commits at once. Only the side with a majority can make progress.',
        zh: '一个客户端联系上新领导者 S4，请求设置 x=3。它拥有五台中的三台，立即就提交了。只有拥有多数派的一侧才能取得进展。',
      },
      highlight: [{ node: 4 }, { entry: 2 }],
    },
    {
      actions: [{ type: 'heal' }],
      waitFor: { condition: allLogsMatch, label: { en: 'all logs agree again', zh: '所有日志重新一致' }, budget: 2000 },
      narration: {
        en: 'The partition heals. S1 sees the higher term and steps down; S1 and S2 delete the uncommitted x=2 and copy x=3 from the new leader. Nothing committed was lost: x=2 was never committed, so no client was told it succeeded.',
        zh: '分区恢复了。S1 看到更高的任期，退位为跟随者；S1 和 S2 删除未提交的 x=2，并从新领导者处复制 x=3。没有任何已提交的内容丢失：x=2 从未提交，所以没有客户端被告知它成功了。',
      },
      highlight: [{ node: 1, entry: 2 }, { node: 2, entry: 2 }],
    },
    {
      after: 100,
      narration: {
        en: 'And if a leader commits an entry and is then cut off? The entry is already on a majority, and a server can only be elected with votes from a majority whose logs are no newer than its own, so every later leader holds it. Committed entries never roll back.',
        zh: '那么，如果领导者提交了一个条目之后被隔离呢？这个条目已经存在于多数派上，而服务器只有得到多数派的选票才能当选，且投票者的日志不能比它更新，所以之后的每一位领导者都持有该条目。已提交的条目永远不会回滚。',
      },
      highlight: [{ entry: 1 }, { entry: 2 }],
    },
  ],
};
