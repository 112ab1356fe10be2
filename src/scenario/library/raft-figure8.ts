/**
 * Raft library, part 4: Figure 8 of the Raft paper. A leader must not count replicas of an entry
 * from an earlier term to commit it; with the `commit-previous-term` bug it does, and the
 * checkers catch the committed entry being overwritten.
 */
import type { Scenario, ScenarioEvent } from '../../sim/types';
import type { LibraryEntry } from './types';

/** Index 1 everywhere, then the paper's (a) and (b), with elections started by `timeout`. */
const throughB: ScenarioEvent[] = [
  // index 1, term 1, everywhere
  { at: 10, type: 'timeout', node: 1 },
  { at: 50, type: 'request', node: 1, command: 'x=1' },
  // (a) S1 leads term 2 and replicates index 2 to S2 only
  { at: 100, type: 'crash', node: 1 }, { at: 110, type: 'restart', node: 1 },
  { at: 120, type: 'timeout', node: 1 },
  { at: 150, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
  { at: 160, type: 'request', node: 1, command: 'x=2' },
  // (b) S1 crashes; S5 wins term 3 with S3 and S4 and takes a different entry at index 2
  { at: 200, type: 'crash', node: 1 },
  { at: 210, type: 'timeout', node: 5 },
  { at: 235, type: 'partition', groups: [[1, 2], [3, 4], [5]] },
  { at: 250, type: 'request', node: 5, command: 'x=3' },
  // (c) S5 crashes; S1 restarts, wins term 4 and copies its term-2 entry to S3
  { at: 300, type: 'crash', node: 5 },
  { at: 305, type: 'partition', groups: [[1, 2, 3], [4], [5]] },
  { at: 310, type: 'restart', node: 1 },
  { at: 310, type: 'timeout', node: 1 },
  { at: 350, type: 'timeout', node: 1 },
];

/** Five servers, 10 ms messages, election timers slowed so that only scripted elections happen. */
function figure8Scenario(events: ScenarioEvent[], bugs: string[], title: string, until: number): Scenario {
  return {
    version: 1, protocol: 'raft', nodes: 5, seed: 8, until,
    network: { latency: { min: 10, max: 10 } },
    config: { electionTimeout: { min: 4000, max: 5000 } },
    bugs,
    events,
    meta: { title },
  };
}

/** (c) ends with S1 alone taking x=4; (d) S1 crashes, S5 wins term 5 and overwrites index 2. */
const throughD: ScenarioEvent[] = [
  ...throughB,
  { at: 415, type: 'partition', groups: [[1], [2, 3], [4], [5]] },
  { at: 418, type: 'request', node: 1, command: 'x=4' },
  { at: 420, type: 'crash', node: 1 },
  { at: 450, type: 'heal' },
  { at: 450, type: 'restart', node: 5 },
  { at: 460, type: 'timeout', node: 5 },
  { at: 500, type: 'timeout', node: 5 },
  { at: 550, type: 'request', node: 5, command: 'x=5' },
  { at: 650, type: 'restart', node: 1 },
];

/** (e) S1 copies x=4 of its own term to S2 and S3 before it crashes; S5 then cannot win. */
const throughE: ScenarioEvent[] = [
  ...throughB,
  { at: 415, type: 'request', node: 1, command: 'x=4' },
  { at: 470, type: 'crash', node: 1 },
  { at: 500, type: 'heal' },
  { at: 500, type: 'restart', node: 5 },
  { at: 510, type: 'timeout', node: 5 },
  { at: 550, type: 'timeout', node: 5 },
  { at: 2000, type: 'restart', node: 1 },
  { at: 5500, type: 'request', node: 'leader', command: 'x=5' },
];

/** S1 has copied its term-2 entry to a majority (S1, S2, S3) as leader of term 4. */
export const FIGURE_8_REPLICATED_AT = 410;
/** S5 has won term 5 with the votes of S2, S3 and S4. */
export const FIGURE_8_S5_ELECTED_AT = 520;

export const figure8: LibraryEntry = {
  id: 'raft-figure-8',
  protocol: 'raft',
  title: { en: 'Raft: Figure 8, why old entries are not committed by counting', zh: 'Raft：图 8，为何不能靠计数提交旧任期条目' },
  explanation: {
    en: 'The history of the paper\'s Figure 8 on five servers. (a) S1 leads term 2 and stores x=2 at index 2 on '
      + 'itself and S2. (b) S1 crashes; S5 wins term 3 and stores x=3 at index 2 on itself only. (c) S5 crashes; '
      + 'S1 wins term 4 and copies x=2 to S3, so a majority stores it, but it is from term 2, and a leader '
      + 'commits only entries of its own term by counting replicas (§5.4.2). (d) S1 crashes; S5 can still win '
      + 'term 5, because its last entry (term 3) is newer than those of S2, S3 and S4, and it overwrites x=2 '
      + 'everywhere. That is safe only because x=2 was never committed. Elections are started by the script, with '
      + 'timers slowed and a fixed 10 ms latency, so the story is the same on every run.',
    zh: '在五台服务器上重演论文图 8 的历史。(a) S1 是任期 2 的领导者，把 x=2 存在自己和 S2 的索引 2。(b) S1 崩溃；S5 '
      + '赢得任期 3，只在自己的索引 2 存了 x=3。(c) S5 崩溃；S1 赢得任期 4，并把 x=2 复制到 S3，于是多数派都存有它，'
      + '但它来自任期 2，而领导者只能通过统计副本数来提交自己任期的条目（§5.4.2）。(d) S1 崩溃；S5 仍能赢得任期 5，'
      + '因为它最后一个条目（任期 3）比 S2、S3、S4 的都新，并把各处的 x=2 覆盖掉。这之所以安全，只是因为 x=2 从未'
      + '提交。选举由脚本触发，定时器被调慢、延迟固定为 10 毫秒，所以每次运行讲的都是同一个故事。',
  },
  moment: {
    at: FIGURE_8_S5_ELECTED_AT,
    text: {
      en: 'S5 leads term 5 and is about to overwrite x=2 on S2 and S3: no checker complains, because x=2 was never committed.',
      zh: 'S5 成为任期 5 的领导者，即将覆盖 S2 和 S3 上的 x=2：没有检查器报错，因为 x=2 从未提交。',
    },
    highlight: [{ node: 5 }, { node: 2, entry: 2 }, { node: 3, entry: 2 }],
  },
  scenario: figure8Scenario(throughD, [], 'Raft: Figure 8', 1500),
};

export const figure8Bug: LibraryEntry = {
  id: 'raft-figure-8-commit-previous-term-bug',
  protocol: 'raft',
  title: { en: 'Raft: Figure 8 with the commit-previous-term bug', zh: 'Raft：带有“提交旧任期条目”缺陷的图 8' },
  explanation: {
    en: 'The same history as Figure 8, with the teaching bug commit-previous-term switched on: the leader commits '
      + 'any entry stored on a majority, whatever its term. In (c) S1 therefore commits x=2 at index 2 as soon as '
      + 'S3 stores it, beside S1 and S2. In (d) S5, whose last entry (term 3) is newer than those of S2, S3 and S4, '
      + 'wins term 5 without x=2, which the LeaderCompleteness checker reports, and then '
      + 'commits x=3 at the same index, which StateMachineSafety reports: a committed entry has been lost. This is '
      + 'exactly the danger Figure 8 of the paper warns about.',
    zh: '与图 8 相同的历史，但打开了教学缺陷 commit-previous-term：领导者只要看到某条目存于多数派就提交它，不管它属于'
      + '哪个任期。因此在 (c) 中，S3 一存下 x=2（S1 和 S2 已有它），S1 就把索引 2 的 x=2 提交了。在 (d) 中，S5 的最后一个条目'
      + '（任期 3）比 S2、S3、S4 的都新，它在没有 x=2 的情况下赢得任期 5，LeaderCompleteness 检查器报告了这一点；随后 S5 在同一索引提交了 x=3，StateMachineSafety 检查器报告：'
      + '一个已提交的条目丢失了。这正是论文图 8 所警告的危险。',
  },
  moment: {
    at: FIGURE_8_S5_ELECTED_AT,
    text: {
      en: 'S5 has just been elected without the committed x=2: the checker flags LeaderCompleteness.',
      zh: 'S5 刚刚在缺少已提交的 x=2 的情况下当选：检查器报告 LeaderCompleteness 被违反。',
    },
    highlight: [{ node: 5 }, { entry: 2 }],
  },
  scenario: figure8Scenario(throughD, ['commit-previous-term'], 'Raft: Figure 8 with the commit-previous-term bug', 1500),
};

/** S5's last try: S2 and S3 refuse it, their last entry (term 4) being newer than its own (term 3). */
export const FIGURE_8E_REFUSED_AT = 560;

export const figure8CurrentTerm: LibraryEntry = {
  id: 'raft-figure-8-current-term-entry',
  protocol: 'raft',
  title: { en: 'Raft: Figure 8 (e), committing through an entry of the current term', zh: 'Raft：图 8 (e)，借当前任期的条目提交' },
  explanation: {
    en: 'The same (a)–(c) as Figure 8, then the ending the paper calls (e). As leader of term 4, S1 appends x=4 '
      + 'and copies it to S2 and S3 before it crashes. x=4 is from S1\'s own term and sits on a majority, so S1 '
      + 'commits it, and with it x=2 before it (Log Matching). S5 restarts and stands twice, in terms 4 and 5, but '
      + 'S2 and S3 refuse it both times: in term 4 they have already voted for S1, and in either term their last '
      + 'entry (term 4) is newer than S5\'s (term 3). Only S4 votes for it, so S5 can never overwrite x=2. At '
      + 'about 4.5 s S2\'s timer fires and S2 wins term 6 with S1 and S3; it holds x=2 and x=4, and replaces '
      + 'S5\'s x=3.',
    zh: '(a)–(c) 与图 8 相同，随后是论文中称为 (e) 的结局。作为任期 4 的领导者，S1 追加了 x=4，并在崩溃之前把它复制到 '
      + 'S2 和 S3。x=4 属于 S1 自己的任期，并且存于多数派，所以 S1 提交了它，连同它之前的 x=2（日志匹配特性）。S5 重启'
      + '后在任期 4 和任期 5 两次参选，但 S2 和 S3 两次都拒绝投票：在任期 4 它们已经投给了 S1，而且在两个任期里，它们的'
      + '最后一个条目（任期 4）都比 S5 的（任期 3）新。只有 S4 投票给它，所以 S5 永远无法覆盖 x=2。约 4.5 秒时 S2 的定时器'
      + '触发，S2 凭 S1 和 S3 的选票赢得任期 6；它持有 x=2 和 x=4，并用它们取代了 S5 的 x=3。',
  },
  moment: {
    at: FIGURE_8E_REFUSED_AT,
    text: {
      en: 'S2 and S3 refuse S5 their votes: x=2 and x=4 are committed, and S5 cannot win.',
      zh: 'S2 和 S3 拒绝投票给 S5：x=2 和 x=4 已提交，S5 无法获胜。',
    },
    highlight: [{ node: 2 }, { node: 3 }, { node: 5 }, { message: 'RequestVoteReply', to: 5 }],
  },
  scenario: figure8Scenario(throughE, [], 'Raft: Figure 8 (e), committing through an entry of the current term', 6000),
};
