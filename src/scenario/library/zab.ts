/** Zab runs: what recovery keeps and drops after a leader crash, and the two teaching bugs. */
import type { ScenarioEvent } from '../../sim/types';
import type { LibraryEntry } from './types';

const cut = (from: number, to: number[], at: number): ScenarioEvent[] => to.map((t) => ({ at, type: 'link', from, to: t, dropRate: 1 }));
const mend = (from: number, to: number[], at: number): ScenarioEvent[] => to.map((t) => ({ at, type: 'link', from, to: t, reset: true }));

export const zabProposalSurvives: LibraryEntry = {
  id: 'zab-leader-crash-proposal-survives',
  protocol: 'zab',
  title: { en: 'Zab: a proposal on some followers survives the leader crash', zh: 'Zab：只到达部分跟随者的提议在领导者崩溃后保留下来' },
  explanation: {
    en: 'S5 leads epoch 1. Its links to S1, S2 and S3 fail, so its PROPOSAL of x=1, zxid (1, 1), reaches only S4; without a '
      + 'quorum of ACKs it is not committed, and S5 crashes. S4 has the highest last zxid, so Fast Leader Election picks it. '
      + 'In discovery S4 takes epoch 2, above every acceptedEpoch it hears of, and the most recent history of its quorum, which '
      + 'holds x=1. In synchronization its NEWLEADER gives that history to the followers; once a quorum ACKs, S4 commits x=1 '
      + 'under its old zxid (1, 1), and only then broadcasts anything new. A proposal that might have been committed is never lost.',
    zh: 'S5 领导纪元 1。它到 S1、S2、S3 的链路失效，于是 x=1 的 PROPOSAL（zxid (1, 1)）只到达了 S4；没有法定人数的 ACK，'
      + '它没有被提交，随后 S5 崩溃。S4 的最后 zxid 最高，快速领导者选举选中了它。在发现阶段，S4 取纪元 2（高于它听到的所有 acceptedEpoch），'
      + '并采用法定人数中最新的历史，其中包含 x=1。在同步阶段，它的 NEWLEADER 把这段历史交给跟随者；法定人数 ACK 之后，'
      + 'S4 以原来的 zxid (1, 1) 提交 x=1，然后才广播新的内容。一个可能已被提交的提议永远不会丢失。',
  },
  moment: {
    at: 1360,
    text: {
      en: 'S4 is established in epoch 2 and every follower has delivered x=1 as (1, 1).',
      zh: 'S4 成为纪元 2 的已确立领导者，每个跟随者都已把 x=1 作为 (1, 1) 交付。',
    },
  },
  scenario: {
    version: 1, protocol: 'zab', nodes: 5, seed: 1, until: 2500,
    events: [
      ...cut(5, [1, 2, 3], 900),
      { at: 1000, type: 'request', node: 'leader', command: 'x=1' },
      { at: 1020, type: 'crash', node: 5 },
      ...mend(5, [1, 2, 3], 1020),
      { at: 1030, type: 'timeout', node: 4 },
    ],
    meta: { title: 'Zab: a proposal on some followers survives the leader crash' },
  },
};

export const zabProposalDropped: LibraryEntry = {
  id: 'zab-leader-crash-proposal-dropped',
  protocol: 'zab',
  title: { en: 'Zab: a proposal only the crashed leader held is dropped', zh: 'Zab：只有崩溃的领导者持有的提议被丢弃' },
  explanation: {
    en: 'S5 proposes x=1 as zxid (1, 1), but every link from it fails, so no follower has it, and S5 crashes. The others elect '
      + 'S4 and start epoch 2 without x=1, which was never committed and no client was told it was. y=2 becomes (2, 1). When '
      + 'S5 restarts it still holds x=1 on disk; it joins S4, and NEWLEADER replaces its history with the leader\'s, so x=1 '
      + 'disappears. Zab may drop what was never committed, never what was.',
    zh: 'S5 以 zxid (1, 1) 提议 x=1，但它的所有链路都失效了，没有任何跟随者收到，随后 S5 崩溃。其余节点选出 S4，开始没有 x=1 的纪元 2：'
      + 'x=1 从未被提交，也没有客户端被告知它成功。y=2 成为 (2, 1)。S5 重启时磁盘上仍有 x=1；它加入 S4，NEWLEADER 用领导者的历史替换了它的历史，'
      + 'x=1 随之消失。Zab 可以丢弃从未提交的内容，但绝不丢弃已提交的内容。',
  },
  moment: {
    at: 2200,
    text: {
      en: 'S5 is back and synchronized: its x=1 is gone, and every history is (2, 1) y=2.',
      zh: 'S5 已恢复并完成同步：它的 x=1 不见了，每份历史都是 (2, 1) y=2。',
    },
  },
  scenario: {
    version: 1, protocol: 'zab', nodes: 5, seed: 1, until: 3000,
    events: [
      ...cut(5, [1, 2, 3, 4], 900),
      { at: 1000, type: 'request', node: 'leader', command: 'x=1' },
      { at: 1020, type: 'crash', node: 5 },
      ...mend(5, [1, 2, 3, 4], 1020),
      { at: 1800, type: 'request', node: 'leader', command: 'y=2' },
      { at: 2000, type: 'restart', node: 5 },
    ],
    meta: { title: 'Zab: a proposal only the crashed leader held is dropped' },
  },
};

export const zabNoEpochBumpBug: LibraryEntry = {
  id: 'zab-no-epoch-bump-bug',
  protocol: 'zab',
  title: { en: 'Zab with the no-epoch-bump bug', zh: '带有“不递增纪元”缺陷的 Zab' },
  explanation: {
    en: 'S5 leads epoch 1 and commits a and b (b reached all but S3), then crashes. S3 times out first, but S4, which holds b, is the '
      + 'best vote and wins. A correct leader takes an epoch above every acceptedEpoch it hears of, here 2. With the bug it '
      + 'reuses 1, the highest it heard of, and counts followers that had already accepted epoch 1. So S4 is established as '
      + 'leader of epoch 1, which S5 already was: two primaries with one epoch, and zxids no longer name one transaction. '
      + 'OneLeaderPerEpoch catches it.',
    zh: 'S5 领导纪元 1，提交了 a 和 b（b 到达了除 S3 以外的所有节点），然后崩溃。S3 最先超时，但持有 b 的 S4 是最好的一票并胜出。'
      + '正确的领导者会取一个高于它所听到的所有 acceptedEpoch 的纪元，这里是 2。有缺陷的领导者却沿用听到的最高纪元 1，'
      + '并把早已接受纪元 1 的跟随者也计算在内。于是 S4 成为纪元 1 的已确立领导者，而 S5 早已是：一个纪元有两个主节点，'
      + 'zxid 不再唯一地标识一个事务。OneLeaderPerEpoch 抓住了这一点。',
  },
  moment: {
    at: 997,
    text: {
      en: 'S4 is established in epoch 1, as S5 was: the checker stops the run.',
      zh: 'S4 成为纪元 1 的已确立领导者，正如 S5 曾经那样：检查器停下了运行。',
    },
  },
  scenario: {
    version: 1, protocol: 'zab', nodes: 5, seed: 1, until: 3000, bugs: ['no-epoch-bump'],
    events: [
      { at: 500, type: 'request', node: 'leader', command: 'a' },
      ...cut(5, [3], 540),
      { at: 560, type: 'request', node: 'leader', command: 'b' },
      { at: 600, type: 'crash', node: 5 },
      ...mend(5, [3], 600),
      { at: 610, type: 'timeout', node: 3 },
      { at: 2000, type: 'restart', node: 5 },
    ],
    meta: { title: 'Zab with the no-epoch-bump bug' },
  },
};

export const zabBroadcastBeforeSyncBug: LibraryEntry = {
  id: 'zab-broadcast-before-sync-bug',
  protocol: 'zab',
  title: { en: 'Zab with the broadcast-before-sync bug', zh: '带有“同步前广播”缺陷的 Zab' },
  explanation: {
    en: 'S5 leads epoch 1 and commits a and b; then S5 and S4 crash, and S4 restarts at once. Delivery is volatile, so S4 '
      + 'comes back with a and b on disk but delivered none of them. It has the best vote and leads epoch 2. A correct leader '
      + 'first synchronizes a quorum and delivers its initial history, then proposes the writes clients are sending it. With '
      + 'the bug it broadcasts a client write as soon as it has sent NEWLEADER, before it delivered a and b, which epoch 1 delivered: '
      + 'primary integrity is broken, and the PrimaryIntegrity checker says so.',
    zh: 'S5 领导纪元 1 并提交了 a 和 b；随后 S5 和 S4 崩溃，S4 立即重启。交付状态不持久，所以 S4 回来时磁盘上有 a 和 b，却一个也没交付。'
      + '它的选票最好，成为纪元 2 的领导者。正确的领导者会先让法定人数完成同步、交付初始历史，然后才提议客户端发来的写入。'
      + '有缺陷的领导者一发出 NEWLEADER 就广播客户端的写入，此时它还没有交付纪元 1 已交付的 a 和 b：主节点完整性被破坏，PrimaryIntegrity 检查器指出了这一点。',
  },
  moment: {
    at: 1344,
    text: {
      en: 'S4 proposes a client\'s write in epoch 2 before delivering a and b: the checker stops the run.',
      zh: 'S4 在交付 a 和 b 之前就在纪元 2 提议了客户端的写入：检查器停下了运行。',
    },
  },
  scenario: {
    version: 1, protocol: 'zab', nodes: 5, seed: 1, until: 3000, bugs: ['broadcast-before-sync'],
    events: [
      { at: 500, type: 'request', node: 'leader', command: 'a' },
      { at: 600, type: 'request', node: 'leader', command: 'b' },
      { at: 1000, type: 'crash', node: 5 },
      { at: 1000, type: 'crash', node: 4 },
      { at: 1001, type: 'restart', node: 4 },
      ...Array.from({ length: 60 }, (_, i): ScenarioEvent => ({ at: 1100 + 10 * i, type: 'request', node: 4, command: `c${i}` })),
    ],
    meta: { title: 'Zab with the broadcast-before-sync bug' },
  },
};
