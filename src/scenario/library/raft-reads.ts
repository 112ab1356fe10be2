/**
 * Raft beyond Figure 2, part 2: reads that do not enter the log (dissertation §6.4). One run four
 * ways: S1 leads and is cut off alone at 1500 ms while two clients keep reading and writing k0;
 * the majority elects a new leader and takes writes. Whether S1 may still answer reads is the
 * whole question.
 */
import type { LibraryEntry } from './types';
import type { Scenario } from '../../sim/types';

const cutOffLeader = (readMode: 'read-index' | 'lease', bugs: string[], title: string): Scenario => ({
  version: 1, protocol: 'raft', nodes: 5, seed: 1, until: 5000,
  config: { readMode },
  bugs,
  workload: { clients: 2, keys: 1, readRatio: 0.8, interval: { min: 40, max: 120 }, from: 0, to: 4000 },
  events: [
    { at: 1500, type: 'partition', groups: [[1], [2, 3, 4, 5]] },
    { at: 3500, type: 'heal' },
  ],
  meta: { title },
});

/** The stale read of the stale-read run: client 2's put of v5 returned at 1765.7 ms, and S1 answers v4 at 1788.161 ms. */
export const STALE_READ = { writeReturned: 1765.7, readAt: 1788.161 };
/** With lease-too-long: client 1's put of v5 returned at 1946.71 ms; S1 answers v4 under its lease at 2036.952 ms. */
export const LONG_LEASE_READ = { writeReturned: 1946.71, readAt: 2036.952 };

export const staleReadBug: LibraryEntry = {
  id: 'raft-stale-read-bug',
  protocol: 'raft',
  title: { en: 'Raft with the stale-read bug', zh: '带有“陈旧读”缺陷的 Raft' },
  explanation: {
    en: 'Reads do not go through the log here (readMode "read-index"), and the bug stale-read lets the leader answer '
      + 'a read at once from its own state, without asking whether it still leads. At 1500 ms S1, the leader, is '
      + 'cut off alone. It still believes it leads and keeps answering client 1\'s reads with v4. On the other side '
      + 'S5 is elected and commits client 2\'s write of v5, which S1 had copied to them just before the cut. After that write has returned, S1 still answers v4: a read '
      + 'that misses a write completed before it began. That history is not linearizable, and the checker says so.',
    zh: '这里的读取不经过日志（readMode 为 "read-index"），而 stale-read 缺陷让领导者直接用自己的状态立即回答读取，'
      + '不确认自己是否仍是领导者。1500 毫秒时领导者 S1 被单独隔开。它仍以为自己是领导者，继续以 v4 回答客户端 1 的读取。'
      + '另一侧选出了 S5，它提交了客户端 2 写入的 v5（S1 在隔开前刚把它复制过去）。这次写入已经返回之后，S1 仍然回答 v4：一次读取没有看到在它开始之前'
      + '就已完成的写入。这样的历史不可线性化，检查器指出了这一点。',
  },
  moment: {
    at: 1790,
    text: {
      en: 'Client 2\'s write of v5 returned at 1765.7 ms; S1, cut off, has just answered client 1 with v4.',
      zh: '客户端 2 写入 v5 已在 1765.7 毫秒返回；被隔开的 S1 刚刚却以 v4 回答了客户端 1。',
    },
    highlight: [{ node: 1 }, { node: 5 }],
  },
  scenario: cutOffLeader('read-index', ['stale-read'], 'Raft with the stale-read bug'),
};

export const readIndexRead: LibraryEntry = {
  id: 'raft-read-index',
  protocol: 'raft',
  title: { en: 'Raft: ReadIndex keeps reads linearizable', zh: 'Raft：ReadIndex 让读取保持可线性化' },
  explanation: {
    en: 'The same run without the bug. For each read the leader notes its commit index and sends a round of '
      + 'heartbeats; only when a majority has answered one sent after the read arrived does it know that no other '
      + 'leader can have committed anything newer, and it answers from its state machine. Cut off at 1500 ms, S1 '
      + 'never hears that majority again, so it answers no read: its clients time out and find S3, elected in term 2, which confirms '
      + 'each read with its own majority. Reads never enter the log, and the history is linearizable.',
    zh: '同样的运行，但没有缺陷。对每次读取，领导者记下自己的提交索引并发送一轮心跳；只有当多数节点回应了一次在读取到达'
      + '之后发出的心跳，它才知道没有别的领导者可能提交了更新的内容，这时才用状态机的值回答。1500 毫秒被隔开后，S1 再也'
      + '得不到多数回应，因此不回答任何读取：它的客户端超时后找到在任期 2 当选的 S3，S3 用自己的多数确认每次读取。读取从不进入日志，'
      + '历史是可线性化的。',
  },
  moment: {
    at: 1790,
    text: {
      en: 'S1 holds client 1\'s read: no majority answers its heartbeats, so it cannot tell whether it still leads.',
      zh: 'S1 扣住了客户端 1 的读取：没有多数节点回应它的心跳，它无法确定自己是否仍是领导者。',
    },
    highlight: [{ node: 1 }],
  },
  scenario: cutOffLeader('read-index', [], 'Raft: ReadIndex keeps reads linearizable'),
};

export const leaseTooLongBug: LibraryEntry = {
  id: 'raft-lease-too-long-bug',
  protocol: 'raft',
  title: { en: 'Raft with the lease-too-long bug', zh: '带有“租约过长”缺陷的 Raft' },
  explanation: {
    en: 'Reads are served under a lease (readMode "lease"): after a majority acknowledges a heartbeat the leader '
      + 'answers reads alone until the lease runs out. A correct lease ends before the minimum election timeout, '
      + 'since until then none of those followers will vote for anyone else. With lease-too-long it lasts ten '
      + 'maximum election timeouts. Cut off at 1500 ms, S1 keeps answering v4 under its lease, while the majority '
      + 'has elected S5 and client 1 has written v5 through it: the history is not linearizable.',
    zh: '读取在租约下提供（readMode 为 "lease"）：多数节点确认一次心跳后，领导者在租约到期之前独自回答读取。正确的租约'
      + '在最小选举超时之前结束，因为在那之前这些跟随者都不会投票给别人。有了 lease-too-long，租约长达十个最大选举超时。'
      + '1500 毫秒被隔开后，S1 在租约内继续回答 v4，而多数派已选出 S5，客户端 1 也已通过它写入了 v5：历史不可线性化。',
  },
  moment: {
    at: 2040,
    text: {
      en: 'Client 1\'s write of v5 returned at 1946.7 ms, yet S1 answers v4 under a lease that should have ended.',
      zh: '客户端 1 写入 v5 已在 1946.7 毫秒返回，S1 却仍在本该结束的租约内回答 v4。',
    },
    highlight: [{ node: 1 }, { node: 5 }],
  },
  scenario: cutOffLeader('lease', ['lease-too-long'], 'Raft with the lease-too-long bug'),
};

export const leaseRead: LibraryEntry = {
  id: 'raft-lease-read',
  protocol: 'raft',
  title: { en: 'Raft: reads under a leader lease', zh: 'Raft：在领导者租约下读取' },
  explanation: {
    en: 'The same run with a correct lease: 0.9 of the minimum election timeout from the heartbeat a majority '
      + 'acknowledged. A voter that heard from the leader less than a minimum election timeout ago refuses to vote, '
      + 'so no new leader can be elected while the lease lasts. S1 answers reads alone for the short rest of its '
      + 'lease after the cut, then holds them like ReadIndex would; the majority elects S5 only after that, and the '
      + 'history is linearizable. The teal arc round the leader shows the lease running out.',
    zh: '同样的运行，但租约是正确的：从多数节点确认的那次心跳算起，长度为最小选举超时的 0.9 倍。一个在最小选举超时之内'
      + '刚收到领导者消息的投票者会拒绝投票，因此租约有效期间不可能选出新领导者。被隔开后，S1 在租约剩下的短暂时间里'
      + '独自回答读取，之后就像 ReadIndex 那样扣住读取；多数派要到那之后才选出 S5，历史是可线性化的。领导者周围的青色弧线'
      + '显示租约正在耗尽。',
  },
  moment: {
    at: 1560,
    text: {
      en: 'S1 is cut off, but its lease still runs for a moment: the teal arc round S1 shrinks.',
      zh: 'S1 已被隔开，但它的租约还剩一点时间：S1 周围的青色弧线正在缩短。',
    },
    highlight: [{ node: 1 }],
  },
  scenario: cutOffLeader('lease', [], 'Raft: reads under a leader lease'),
};
