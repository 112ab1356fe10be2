/** Lesson: how a Raft leader replicates and commits log entries. */
import { allLogsMatch, commandCommitted, committedAtLeast, everyUpNodeCommitted, leaderExists } from './conditions';
import type { Lesson } from './types';

export const raftReplicationLesson: Lesson = {
  id: 'raft-log-replication',
  protocol: 'raft',
  title: { en: 'Raft: log replication', zh: 'Raft：日志复制' },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 3,
    // S1 starts the first election before any randomized timer can fire
    events: [{ at: 50, type: 'timeout', node: 1 }],
    meta: { title: 'Lesson: Raft log replication' },
  },
  steps: [
    {
      waitFor: { condition: leaderExists, label: { en: 'a leader is elected', zh: '选出领导者' }, budget: 1000 },
      narration: {
        en: 'S1 has been elected leader. From now on every change to the system goes through the leader.',
        zh: 'S1 已当选为领导者。从现在起，系统的每一个改动都要经过领导者。',
      },
      highlight: [{ node: 1 }],
    },
    {
      actions: [{ type: 'request', node: 'leader', command: 'x=5' }],
      after: 5,
      narration: {
        en: 'A client asks the leader to set x=5. The leader appends the command to its log. The entry is not committed yet, so the leader does not apply it and does not answer the client.',
        zh: '一个客户端请求领导者设置 x=5。领导者把这条命令追加到自己的日志中。该条目尚未提交，所以领导者既不应用它，也不回复客户端。',
      },
      highlight: [{ node: 1, entry: 1 }],
    },
    {
      waitFor: { condition: commandCommitted('x=5'), label: { en: 'x=5 is committed', zh: 'x=5 已提交' }, budget: 500 },
      narration: {
        en: 'The leader sends the entry to every follower in AppendEntries. As soon as a majority (the leader and two followers) has written it, the entry is committed: it will never be lost.',
        zh: '领导者通过 AppendEntries 把条目发给每个跟随者。一旦多数派（领导者加两个跟随者）写入了它，这个条目就提交了：它永远不会丢失。',
      },
      highlight: [{ entry: 1 }, { message: 'AppendEntries', from: 1 }],
    },
    {
      waitFor: { condition: everyUpNodeCommitted(1), label: { en: 'every follower knows x=5 is committed', zh: '所有跟随者都知道 x=5 已提交' }, budget: 500 },
      narration: {
        en: 'The leader applies x=5 and answers the client. Its next heartbeat carries the new commit index, and the followers apply the entry too.',
        zh: '领导者应用 x=5 并回复客户端。它的下一次心跳带上新的提交索引，跟随者也随之应用这个条目。',
      },
      highlight: [{ node: 2, entry: 1 }, { node: 3, entry: 1 }, { node: 4, entry: 1 }, { node: 5, entry: 1 }],
    },
    {
      actions: [
        { type: 'crash', node: 4 },
        { type: 'request', node: 'leader', command: 'y=1' },
        { type: 'request', node: 'leader', command: 'y=2' },
      ],
      waitFor: { condition: committedAtLeast(3), label: { en: 'y=1 and y=2 are committed', zh: 'y=1 和 y=2 已提交' }, budget: 1000 },
      narration: {
        en: 'S4 crashes, and the client sends y=1 and y=2. Four servers of five are still a majority, so both entries are committed without S4.',
        zh: 'S4 崩溃了，客户端又发来 y=1 和 y=2。五台中的四台仍是多数，所以这两个条目在没有 S4 的情况下也提交了。',
      },
      highlight: [{ node: 4 }, { node: 1, entry: 2 }, { node: 1, entry: 3 }],
    },
    {
      actions: [{ type: 'restart', node: 4 }],
      waitFor: { condition: allLogsMatch, label: { en: 'S4 has caught up', zh: 'S4 追上进度' }, budget: 1000 },
      narration: {
        en: 'S4 restarts with its old log. The leader has kept sending it the missing entries; the next AppendEntries matches S4\'s log at index 1, so S4 takes y=1 and y=2 and the commit index, and all five logs are equal again.',
        zh: 'S4 带着旧日志重启。领导者一直在向它发送缺失的条目；下一条 AppendEntries 在索引 1 处与 S4 的日志匹配，于是 S4 收下 y=1、y=2 和提交索引，五个日志再次完全一致。',
      },
      highlight: [{ node: 4 }, { node: 4, entry: 2 }, { node: 4, entry: 3 }],
    },
  ],
};
