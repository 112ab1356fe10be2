/** Raft library, part 2: log replication under crashes, partitions and a bad network. */
import type { LibraryEntry } from './types';

/** S1 starts the first election at 50 ms, before any randomized timer (≥150 ms) can fire. */
const s1LeadsFirst = { at: 50, type: 'timeout', node: 1 } as const;

export const followerCatchesUp: LibraryEntry = {
  id: 'raft-follower-catches-up',
  protocol: 'raft',
  title: { en: 'Raft: a follower falls behind and catches up', zh: 'Raft：落后的跟随者追上进度' },
  explanation: {
    en: 'S1 leads and commits x=1 on all five servers. S4 crashes at 500 ms; the leader keeps committing y=1 … y=5 '
      + 'with the four that remain, because four of five is still a majority. The leader never hears back from S4, '
      + 'so its nextIndex for S4 stays just after x=1, and every heartbeat to S4 carries the missing entries in '
      + 'vain. When S4 restarts at 1500 ms its log ends at index 1; the next AppendEntries passes the consistency '
      + 'check at index 1 and brings y=1 … y=5 in one message, and S4\'s log and commitIndex become equal to the '
      + 'leader\'s. (Had the leader changed meanwhile, its first guess would be too high and S4 would reject it '
      + 'until the leader backed up; see the Figure 7 scenario.)',
    zh: 'S1 是领导者，并在全部五台服务器上提交了 x=1。S4 在 500 毫秒崩溃；领导者继续和剩下的四台一起提交 y=1 … y=5，'
      + '因为五台中的四台仍是多数。领导者一直收不到 S4 的回复，所以它为 S4 记录的 nextIndex 停在 x=1 之后，每次发给 S4 '
      + '的心跳都徒劳地携带着缺失的条目。S4 在 1500 毫秒重启时，日志只到索引 1；下一条 AppendEntries 通过了索引 1 处的'
      + '一致性检查，一次性带来 y=1 … y=5，S4 的日志和提交索引随即与领导者一致。（如果期间领导者换了人，它最初的猜测会'
      + '偏高，S4 会拒绝，直到领导者往回退为止；参见图 7 的场景。）',
  },
  moment: {
    at: 1560,
    text: {
      en: 'S4 is back: one AppendEntries brings it y=1 … y=5 and the leader\'s commit index.',
      zh: 'S4 回来了：一条 AppendEntries 就带来了 y=1 … y=5 以及领导者的提交索引。',
    },
    highlight: [{ node: 4 }, { message: 'AppendEntries', to: 4 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 3, until: 3000,
    events: [
      s1LeadsFirst,
      { at: 300, type: 'request', node: 'leader', command: 'x=1' },
      { at: 500, type: 'crash', node: 4 },
      ...[1, 2, 3, 4, 5].map((i) => ({ at: 600 + i * 100, type: 'request' as const, node: 'leader' as const, command: `y=${i}` })),
      { at: 1500, type: 'restart', node: 4 },
    ],
    meta: { title: 'Raft: a follower falls behind and catches up' },
  },
};

export const minorityPartition: LibraryEntry = {
  id: 'raft-minority-partition',
  protocol: 'raft',
  title: { en: 'Raft: a minority cannot commit, the majority goes on', zh: 'Raft：少数派无法提交，多数派继续工作' },
  explanation: {
    en: 'S1 leads term 1 and commits x=1. At 600 ms the network splits into {S1, S2} and {S3, S4, S5}. S1 still '
      + 'believes it leads and accepts x=2, but only S2 can store it: two of five is no majority, so x=2 is never '
      + 'committed. On the other side the followers stop hearing S1, elect S5 leader of term 2 among '
      + 'themselves and commit x=3 and x=4 with three of five. The partition is never healed in this run.',
    zh: 'S1 是任期 1 的领导者并提交了 x=1。600 毫秒时网络分裂为 {S1, S2} 和 {S3, S4, S5}。S1 仍以为自己是领导者，'
      + '接受了 x=2，但只有 S2 能存储它：五台中的两台不是多数，所以 x=2 永远不会提交。另一侧的跟随者收不到 S1 的心跳，'
      + '在它们之间选出 S5 作为任期 2 的领导者，并以五台中的三台提交了 x=3 和 x=4。本次运行中分区一直没有恢复。',
  },
  moment: {
    at: 1600,
    text: {
      en: 'Two leaders at once: S1 in term 1 and S5 in term 2. Only S5, with a majority behind it, commits.',
      zh: '同时存在两个领导者：任期 1 的 S1 和任期 2 的 S5。只有背后有多数派的 S5 能提交。',
    },
    highlight: [{ node: 1 }, { node: 5 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 11, until: 3000,
    events: [
      s1LeadsFirst,
      { at: 300, type: 'request', node: 'leader', command: 'x=1' },
      { at: 600, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      { at: 700, type: 'request', node: 1, command: 'x=2' },
      { at: 1500, type: 'request', node: 'leader', command: 'x=3' },
      { at: 2000, type: 'request', node: 'leader', command: 'x=4' },
    ],
    meta: { title: 'Raft: a minority cannot commit, the majority goes on' },
  },
};

export const oldLeaderReturns: LibraryEntry = {
  id: 'raft-old-leader-returns',
  protocol: 'raft',
  title: { en: 'Raft: a partitioned old leader returns', zh: 'Raft：被隔离的旧领导者回归' },
  explanation: {
    en: 'S1 leads and commits x=1, then is cut off with S2 at 600 ms. It accepts x=lost, which reaches S2 but can '
      + 'never be committed. The majority {S3, S4, S5} elects S5 leader of term 2 and commits x=3. When '
      + 'the partition heals at 2500 ms, S1 sees the higher term, steps down, and S5\'s AppendEntries '
      + 'make S1 and S2 delete x=lost and take x=3 in its place. Nothing that was committed is lost: x=lost was '
      + 'never committed, so no client was told it succeeded.',
    zh: 'S1 是领导者并提交了 x=1，随后在 600 毫秒与 S2 一起被隔离。它接受了 x=lost，这个条目到达了 S2，但永远无法提交。'
      + '多数派 {S3, S4, S5} 选出 S5 作为任期 2 的领导者并提交了 x=3。2500 毫秒分区恢复后，S1 看到更高的任期，退位为跟随者；'
      + 'S5 的 AppendEntries 让 S1 和 S2 删除 x=lost，换成 x=3。已提交的内容没有丢失：x=lost 从未提交，'
      + '所以没有任何客户端被告知它成功了。',
  },
  moment: {
    at: 2560,
    text: {
      en: 'Just after the heal: S1 and S2 truncate x=lost and copy x=3 from S5, the new leader.',
      zh: '分区刚恢复：S1 和 S2 截断 x=lost，并从新领导者 S5 处复制 x=3。',
    },
    highlight: [{ node: 1 }, { node: 2 }, { node: 1, entry: 2 }, { node: 2, entry: 2 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 5, until: 4000,
    events: [
      s1LeadsFirst,
      { at: 300, type: 'request', node: 'leader', command: 'x=1' },
      { at: 600, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      { at: 700, type: 'request', node: 1, command: 'x=lost' },
      { at: 1500, type: 'request', node: 'leader', command: 'x=3' },
      { at: 2500, type: 'heal' },
    ],
    meta: { title: 'Raft: a partitioned old leader returns' },
  },
};

export const lossyNetwork: LibraryEntry = {
  id: 'raft-lossy-network',
  protocol: 'raft',
  title: { en: 'Raft: a lossy, duplicating network', zh: 'Raft：丢包且重复投递的网络' },
  explanation: {
    en: 'Every message has a 20% chance of being lost and a 20% chance of being delivered twice, while two clients '
      + 'read and write two keys. Raft does not assume a reliable network: a lost AppendEntries is covered by the '
      + 'next heartbeat, a duplicate is recognised because the entry is already at that index with that term, and '
      + 'clients retry with the same request id so that nothing is applied twice. S4 leads term 1; at 1.8 s lost '
      + 'heartbeats let S3\'s timer fire, S4 steps down, and after a few contested terms S4 wins again, in term 4. '
      + 'Safety holds throughout, and the history the clients saw is linearizable.',
    zh: '每条消息有 20% 的概率丢失、20% 的概率被投递两次，同时有两个客户端在读写两个键。Raft 并不假设网络可靠：'
      + '丢失的 AppendEntries 会由下一次心跳补上；重复的消息会被识别出来，因为该索引处已有相同任期的条目；客户端用'
      + '相同的请求编号重试，所以任何请求都不会被执行两次。S4 是任期 1 的领导者；1.8 秒时心跳丢失使 S3 的定时器触发，S4 '
      + '退位，经过几个有争夺的任期后，S4 在任期 4 再次当选。整个过程中安全性始终成立，客户端看到的历史是可线性化的。',
  },
  moment: {
    at: 1000,
    text: {
      en: 'Watch lost messages vanish mid-flight and duplicates arrive twice, while the commit index keeps rising.',
      zh: '观察消息在途中丢失、重复的消息到达两次，而提交索引仍在不断上升。',
    },
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 21, until: 8000,
    network: { dropRate: 0.2, duplicateRate: 0.2 },
    workload: { clients: 2, keys: 2, interval: { min: 100, max: 300 }, readRatio: 0.3, from: 500, to: 7000 },
    events: [],
    meta: { title: 'Raft: a lossy, duplicating network' },
  },
};
