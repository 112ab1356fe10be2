/** Lesson: snapshots, and a lagging follower caught up with InstallSnapshot (dissertation §5.1). */
import { snapshotCatchUp } from '../library/raft-membership';
import { allLogsMatch } from './conditions';
import type { Lesson } from './types';

export const raftSnapshotLesson: Lesson = {
  id: 'raft-snapshots',
  protocol: 'raft',
  title: { en: 'Raft: snapshots catch up a lagging follower', zh: 'Raft：用快照追上落后的跟随者' },
  scenario: { ...snapshotCatchUp.scenario, meta: { title: 'Lesson: Raft snapshots' } },
  steps: [
    {
      at: 540,
      narration: {
        en: 'S2 leads three servers and has committed x=1. Each server will snapshot its state machine once it has applied four entries past its last snapshot, and drop those entries from its log.',
        zh: 'S2 领导三台服务器，已提交 x=1。每台服务器在上次快照之后又应用了四条日志时，就会为状态机做快照，并从日志中删除这些条目。',
      },
      highlight: [{ node: 2 }, { entry: 1 }],
    },
    {
      at: 650,
      narration: {
        en: 'S3 crashed at 600 ms holding only x=1. S1 and S2 are still a majority and go on committing without it.',
        zh: 'S3 在 600 毫秒崩溃，它只有 x=1。S1 和 S2 仍是多数，没有它也继续提交。',
      },
      highlight: [{ node: 3 }],
    },
    {
      at: 870,
      narration: {
        en: 'S2 has applied its fourth entry, z=4: it saved its state up to index 4 and dropped entries 1 to 4 from its log. In its log row they turn grey, and a bar marks the snapshot\'s last index. S1 has not applied z=4 yet.',
        zh: 'S2 应用了第四条 z=4：它保存了截至索引 4 的状态，并从日志中删除了条目 1 到 4。它的日志行中这些条目变成灰色，竖条标出快照的最后索引。S1 还没有应用 z=4。',
      },
      highlight: [{ node: 2 }],
    },
    {
      at: 940,
      narration: {
        en: 'S1 has made the same snapshot, so no log holds entry 2, which S3 needs next. S2 sends its snapshot instead, in an InstallSnapshot message, at every heartbeat: in vain while S3 is down.',
        zh: 'S1 也做了同样的快照，于是已没有任何日志保存 S3 接下来需要的条目 2。S2 改为用 InstallSnapshot 消息发送快照，每次心跳都发：S3 宕机时都是徒劳。',
      },
      highlight: [{ message: 'InstallSnapshot', to: 3 }],
    },
    {
      at: 1265,
      narration: {
        en: 'S3 restarted at 1200 ms and took the snapshot: its last index lies beyond the end of S3\'s log, so S3 discarded its whole log and made the snapshot its state machine.',
        zh: 'S3 在 1200 毫秒重启并接收了快照：快照的最后索引超出了 S3 日志的末尾，所以 S3 丢弃整份日志，把快照作为自己的状态机。',
      },
      highlight: [{ node: 3 }],
    },
    {
      waitFor: { condition: allLogsMatch, label: { en: 'all logs match', zh: '所有日志一致' }, budget: 1000 },
      narration: {
        en: 'The entries after index 4 followed in ordinary AppendEntries. All three servers now hold the same log and commit index, so the same state, though none of them still has entries 1 to 4.',
        zh: '索引 4 之后的条目随后由普通的 AppendEntries 送达。三台服务器现在的日志和提交索引完全一致，因而状态也相同，尽管它们都已不再保存条目 1 到 4。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 3 }],
    },
  ],
};
