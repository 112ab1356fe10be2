/** Lesson: Figure 8 of the Raft paper, step by step, on the library's scripted history. */
import { figure8 } from '../library/raft-figure8';
import { commandCommitted, leaderOfTermAtLeast } from './conditions';
import type { Lesson } from './types';

export const raftFigure8Lesson: Lesson = {
  id: 'raft-figure-8',
  protocol: 'raft',
  title: { en: 'Raft: Figure 8, committing entries from earlier terms', zh: 'Raft：图 8，提交早先任期的条目' },
  scenario: { ...figure8.scenario, meta: { title: 'Lesson: Raft Figure 8' } },
  steps: [
    {
      at: 80,
      narration: {
        en: 'Five servers; S1 leads term 1. Index 1 (term 1) is stored on every server and committed. In this lesson elections are started by the script, so the story matches the paper\'s Figure 8 exactly.',
        zh: '五台服务器；S1 是任期 1 的领导者。索引 1（任期 1）已存于每台服务器并已提交。本课中的选举由脚本触发，因此过程与论文图 8 完全一致。',
      },
      highlight: [{ entry: 1 }],
    },
    {
      at: 180,
      narration: {
        en: '(a) S1 leads term 2 and appends x=2 at index 2. Cut off with S2, it can copy x=2 only to S2.',
        zh: '(a) S1 是任期 2 的领导者，在索引 2 追加了 x=2。由于它和 S2 被隔离在一起，只能把 x=2 复制给 S2。',
      },
      highlight: [{ node: 1 }, { node: 1, entry: 2 }, { node: 2, entry: 2 }],
    },
    {
      at: 260,
      narration: {
        en: '(b) S1 crashes. S5 wins term 3 with the votes of S3 and S4 and appends x=3 at index 2, but it is cut off and cannot copy it anywhere.',
        zh: '(b) S1 崩溃。S5 凭 S3 和 S4 的选票赢得任期 3，并在索引 2 追加了 x=3，但它被隔离了，无法把它复制到任何地方。',
      },
      highlight: [{ node: 5 }, { node: 5, entry: 2 }],
    },
    {
      waitFor: { condition: leaderOfTermAtLeast(4), label: { en: 'S1 leads term 4', zh: 'S1 成为任期 4 的领导者' }, budget: 200 },
      narration: {
        en: '(c) S5 crashes and S1 restarts. S3 has already voted for S5 in term 3, so S1 cannot win that term; it wins term 4 with S2 and S3.',
        zh: '(c) S5 崩溃，S1 重启。S3 在任期 3 已经投票给 S5，所以 S1 赢不了这个任期；它凭 S2 和 S3 的选票赢得任期 4。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 3 }, { node: 5 }],
    },
    {
      at: 410,
      narration: {
        en: 'S1 copies x=2 to S3. Now a majority (S1, S2, S3) stores x=2, yet S1 does not commit it: a leader commits by counting replicas only entries of its own term, and x=2 is from term 2.',
        zh: 'S1 把 x=2 复制给 S3。现在多数派（S1、S2、S3）都存有 x=2，但 S1 并不提交它：领导者只能通过统计副本数来提交自己任期的条目，而 x=2 属于任期 2。',
      },
      highlight: [{ node: 1, entry: 2 }, { node: 2, entry: 2 }, { node: 3, entry: 2 }],
    },
    {
      waitFor: { condition: leaderOfTermAtLeast(5), label: { en: 'S5 leads term 5', zh: 'S5 成为任期 5 的领导者' }, budget: 300 },
      narration: {
        en: '(d) Here is why. S1, cut off, appends x=4 of term 4 and crashes; S5 restarts. Its last entry is from term 3, newer than the last entries of S2, S3 and S4, so they vote for it, and S5 wins term 5.',
        zh: '(d) 原因在这里。被隔离的 S1 追加了任期 4 的 x=4 后崩溃；S5 重启。它最后一个条目来自任期 3，比 S2、S3、S4 的最后条目都新，所以它们投票给它，S5 赢得任期 5。',
      },
      highlight: [{ node: 5 }, { node: 1, entry: 3 }],
    },
    {
      waitFor: { condition: commandCommitted('x=3'), label: { en: 'x=3 is committed at index 2', zh: 'x=3 在索引 2 提交' }, budget: 300 },
      narration: {
        en: 'S5 copies its log to S2, S3 and S4, overwriting x=2 with x=3; it commits x=3 together with x=5, an entry of its own term. Had S1 committed x=2 in (c), a committed entry would now be lost. Open "Figure 8 with the commit-previous-term bug" in the library to watch the checkers catch exactly that.',
        zh: 'S5 把日志复制给 S2、S3、S4，用 x=3 覆盖了 x=2；它借自己任期的条目 x=5 连带提交了 x=3。如果 S1 在 (c) 中提交了 x=2，此刻就会丢失一个已提交的条目。在场景库中打开“带有提交旧任期条目缺陷的图 8”，看看检查器如何当场抓住这个错误。',
      },
      highlight: [{ node: 5 }, { entry: 2 }, { entry: 3 }],
    },
    {
      after: 50,
      narration: {
        en: '(e) The fix: S1 would first replicate an entry of its own term 4. Once that entry sits on a majority, S5 can no longer win an election, and committing it commits x=2 before it as well. The library scenario "Figure 8 (e)" plays that ending.',
        zh: '(e) 正确的做法：S1 先复制一个属于自己任期 4 的条目。一旦该条目存于多数派，S5 就再也赢不了选举，而提交它也就连带提交了它之前的 x=2。场景库中的“图 8 (e)”演示了这个结局。',
      },
    },
  ],
};
