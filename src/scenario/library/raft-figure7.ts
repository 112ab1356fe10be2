/**
 * Raft library, part 3: the follower logs a–f of Figure 7 of the Raft paper, built by a scripted
 * history, then repaired by the leader of term 8.
 */
import type { ScenarioEvent } from '../../sim/types';
import type { LibraryEntry } from './types';

/** `count` client requests at `node`, all at `at`, named after the term they are meant for. */
function requests(at: number, node: number, count: number, name: string): ScenarioEvent[] {
  return Array.from({ length: count }, (_, i) => ({ at, type: 'request' as const, node, command: `${name}.${i + 1}` }));
}

/**
 * S1 is the paper's leader, S2…S7 its followers a…f. Election timers are slowed to 4–5 s and every
 * message takes exactly 10 ms, so each election below is one the script starts with `timeout`,
 * and the partition that cuts off a new leader lands between its victory (+20 ms) and its first
 * heartbeat's arrival (+30 ms).
 */
const history: ScenarioEvent[] = [
  // term 1: S2 leads, three entries reach everyone
  { at: 10, type: 'timeout', node: 2 }, ...requests(50, 2, 3, 't1'),
  // terms 2 and 3: f (S7) wins twice with S1, S3, S4, each time cut off before it can replicate
  { at: 300, type: 'partition', groups: [[7, 1, 3, 4], [2, 5, 6]] },
  { at: 310, type: 'timeout', node: 7 },
  { at: 340, type: 'partition', groups: [[7], [1, 2, 3, 4, 5, 6]] },
  ...requests(350, 7, 3, 't2'),
  { at: 380, type: 'crash', node: 7 }, { at: 390, type: 'restart', node: 7 },
  { at: 400, type: 'partition', groups: [[7, 1, 3, 4], [2, 5, 6]] },
  { at: 400, type: 'timeout', node: 7 },
  { at: 425, type: 'partition', groups: [[7], [1, 2, 3, 4, 5, 6]] },
  ...requests(450, 7, 5, 't3'),
  { at: 500, type: 'crash', node: 7 },
  // term 4: e (S6) wins at its second try; index 4 reaches all, 5 all but b, 6–7 only e
  { at: 600, type: 'heal' },
  { at: 610, type: 'timeout', node: 6 },
  { at: 650, type: 'timeout', node: 6 },
  ...requests(700, 6, 1, 't4a'),
  { at: 750, type: 'partition', groups: [[3], [1, 2, 4, 5, 6]] },
  ...requests(760, 6, 1, 't4b'),
  { at: 800, type: 'partition', groups: [[6], [1, 2, 3, 4, 5]] },
  ...requests(810, 6, 2, 't4c'),
  { at: 850, type: 'crash', node: 6 },
  // term 5: S1 leads {S1, a, c, d}; b stays cut off from now on
  { at: 900, type: 'partition', groups: [[1, 2, 4, 5], [3]] },
  { at: 910, type: 'timeout', node: 1 },
  ...requests(950, 1, 2, 't5'),
  // term 6: c (S4) leads; 8–9 reach S1, a, d; 10 reaches S1 and d; 11 only c
  { at: 1010, type: 'timeout', node: 4 },
  ...requests(1050, 4, 2, 't6a'),
  { at: 1100, type: 'partition', groups: [[1, 4, 5], [2], [3]] },
  ...requests(1110, 4, 1, 't6b'),
  { at: 1150, type: 'partition', groups: [[4], [1, 5], [2], [3]] },
  ...requests(1160, 4, 1, 't6c'),
  { at: 1200, type: 'crash', node: 4 },
  // term 7: d (S5) wins with S1, a, b and is cut off before its heartbeats land
  { at: 1250, type: 'partition', groups: [[5, 1, 2, 3]] },
  { at: 1260, type: 'timeout', node: 5 },
  { at: 1285, type: 'partition', groups: [[5], [1, 2, 3]] },
  ...requests(1300, 5, 2, 't7'),
  { at: 1350, type: 'crash', node: 5 },
  // everyone back: the logs are now those of Figure 7; S1 is elected for term 8
  { at: 1400, type: 'heal' },
  { at: 1400, type: 'restart', node: 4 }, { at: 1400, type: 'restart', node: 5 },
  { at: 1400, type: 'restart', node: 6 }, { at: 1400, type: 'restart', node: 7 },
  { at: 1500, type: 'timeout', node: 1 },
  // an entry of term 8 lets S1 commit index 10 too (§5.4.2)
  ...requests(1700, 1, 1, 't8'),
];

/** The terms of each log in Figure 7, index 1 first: the leader (S1), then a–f (S2–S7). */
export const FIGURE_7_TERMS: Readonly<Record<number, readonly number[]>> = {
  1: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
  2: [1, 1, 1, 4, 4, 5, 5, 6, 6],
  3: [1, 1, 1, 4],
  4: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
  5: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
  6: [1, 1, 1, 4, 4, 4, 4],
  7: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
};

/** S1 wins term 8 at this moment (20 ms after its timeout): the logs are still exactly Figure 7's. */
export const FIGURE_7_ELECTED_AT = 1520;

export const figure7: LibraryEntry = {
  id: 'raft-figure-7-log-repair',
  protocol: 'raft',
  title: { en: 'Raft: repairing the logs of Figure 7', zh: 'Raft：修复论文图 7 中的日志' },
  explanation: {
    en: 'Seven servers. A scripted history of crashes, partitions and forced timeouts gives S1 and its followers '
      + 'S2–S7 exactly the log terms of the paper\'s Figure 7 (leader 1 1 1 4 4 5 5 6 6 6; a–f as drawn): a is '
      + 'missing one entry, b many, c and d hold extra uncommitted entries, and e and f both miss entries and '
      + 'hold uncommitted ones the leader does not have. The terms match the figure entry for entry; the commands are labels, and this is one history that '
      + 'produces the figure, not the only one. Timers are slowed to 4–5 s and the latency fixed at 10 ms so '
      + 'that every election is a scripted one. At 1500 ms S1 stands for term 8 and at 1520 ms wins it (c and d '
      + 'refuse it their votes, the other four grant them), and its AppendEntries consistency check walks each follower '
      + 'back to the last matching entry and overwrites the rest, until every log equals the leader\'s.',
    zh: '七台服务器。通过一段事先编排的崩溃、分区和强制超时的历史，S1 及其跟随者 S2–S7 的日志任期与论文图 7 完全一致'
      + '（领导者为 1 1 1 4 4 5 5 6 6 6，a–f 与图中相同）：a 缺一个条目，b 缺很多，c 和 d 多出未提交的条目，e 和 f '
      + '既缺条目，又持有领导者日志中没有的未提交条目。每个条目的任期都与图一致；命令只是标签，而且这只是能产生该图的历史之一，并非唯一。'
      + '选举定时器被调慢到 4–5 秒、延迟固定为 10 毫秒，所以每次选举都是脚本触发的。1500 毫秒时 S1 竞选任期 8，'
      + '1520 毫秒当选（c 和 d 拒绝投票，其余四台同意），它的 AppendEntries 一致性检查把每个跟随者回退到最后一个匹配的条目，'
      + '再覆盖其后的内容，直到所有日志与领导者相同。',
  },
  moment: {
    at: FIGURE_7_ELECTED_AT,
    text: {
      en: 'S1 has just won term 8: the seven logs are those of Figure 7. Step forward to watch each one repaired.',
      zh: 'S1 刚赢得任期 8：七个日志正是图 7 中的样子。继续前进，观察每个日志如何被修复。',
    },
    highlight: [{ node: 1 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 7, seed: 7, until: 3000,
    network: { latency: { min: 10, max: 10 } },
    config: { electionTimeout: { min: 4000, max: 5000 } },
    events: history,
    meta: { title: 'Raft: repairing the logs of Figure 7' },
  },
};
