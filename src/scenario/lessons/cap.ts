/** Lesson: what clients on each side of a partition see, with serializable and then linearizable reads. */
import { CAP_SPLIT_AT, CAP_STALE_READ, capScenario } from '../library/cap';
import { clientReadAnswered } from './conditions';
import type { Lesson } from './types';

/** The lesson's two runs: the same clients and split, reads answered by the home node, then through the leader. */
export const CAP_RUNS = {
  serializable: capScenario('serializable', 'Lesson: CAP, a partition and your reads'),
  linearizable: capScenario('linearizable', 'Lesson: CAP, a partition and your reads (linearizable)'),
} as const;

export const capLesson: Lesson = {
  id: 'cap-partition-reads',
  protocol: 'raft',
  title: { en: 'CAP: a partition and your reads', zh: 'CAP：网络分区与你的读取' },
  scenario: CAP_RUNS.serializable,
  steps: [
    {
      at: CAP_SPLIT_AT - 100,
      narration: {
        en: 'Five clients share key k0. Client n talks only to its home node Sn, which forwards writes to the leader it knows, S1; the answer comes back the same way. Reads here are serializable: the home node answers them at once from its own state, asking no one.',
        zh: '五个客户端共享键 k0。客户端 n 只与它的所属节点 Sn 通信，Sn 把写请求转发给它所知道的领导者 S1，回答也沿原路返回。这里的读是可串行化读：所属节点不询问任何节点，立即用自己的状态回答。',
      },
      highlight: [{ node: 1 }],
    },
    {
      at: 1800,
      narration: {
        en: 'At 1.5 s the network splits: S1 and S2 on one side, S3, S4 and S5 on the other. The majority has elected S5 in term 2 and goes on. S1 still believes it leads, in term 1.',
        zh: '1.5 秒时网络分裂：S1 和 S2 在一侧，S3、S4、S5 在另一侧。多数派已在任期 2 选出 S5 并继续工作。S1 仍以为自己是任期 1 的领导者。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 5 }],
    },
    {
      waitFor: {
        condition: clientReadAnswered(CAP_STALE_READ.client, CAP_STALE_READ.output, 2100),
        label: { en: 'a client on the minority side reads', zh: '少数派一侧的客户端读取' },
        budget: 1000,
      },
      narration: {
        en: 'S1 answers client 1\'s read at once: v14. But the majority\'s clients wrote v17 and v18, and both writes returned before this read began: the answer is stale. Client 2\'s write of v16 hangs, since S1 can commit nothing.',
        zh: 'S1 立即回答了客户端 1 的读取：v14。可是多数派的客户端写入了 v17 和 v18，两次写入都在这次读取开始之前就已返回：这个回答是过时的。客户端 2 写入 v16 的请求卡住了，因为 S1 什么也提交不了。',
      },
      highlight: [{ node: 1 }, { node: 5 }],
    },
    {
      after: 20,
      narration: {
        en: 'The history view: no order of these operations explains what the clients saw. Its knot predates the split (S2 answered client 2 a heartbeat behind the leader): serializable reads are stale even without a partition; the split keeps them stale.',
        zh: '历史视图：没有任何操作顺序能解释客户端看到的结果。它指出的矛盾早于分区（S2 比领导者晚一次心跳回答了客户端 2）：即使没有分区，可串行化读也会过时；分区让它们一直过时。',
      },
      // the history view: the clients' lanes, and the reads that cannot be ordered
      show: ['history'],
    },
    {
      at: 2210,
      scenario: CAP_RUNS.linearizable,
      narration: {
        en: 'The same clients and the same split, with linearizable reads: home nodes forward reads to the leader as well, and they go through the log. The majority elected S4 this time. Client 1\'s read sent at 1479 ms and client 2\'s sent at 1680 ms are still unanswered: S1 commits nothing.',
        zh: '同样的客户端、同样的分区，这次是线性一致读：所属节点把读请求也转发给领导者，读取要经过日志。这一次多数派选出的是 S4。客户端 1 在 1479 毫秒发出的读取和客户端 2 在 1680 毫秒发出的读取至今没有回答：S1 什么也提交不了。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 4 }],
    },
    {
      at: 3600,
      narration: {
        en: 'Clients 1 and 2 have had no answer to anything they asked after the split: each request times out after 400 ms and is asked again. The majority\'s clients carry on under S4, and the history is linearizable. A partition forces the choice: answer from what you have (available, maybe stale) or wait for a majority (right, but no answer on the minority side).',
        zh: '客户端 1 和 2 在分区之后发出的请求没有一个得到回答：每个请求 400 毫秒后超时，然后重新发出。多数派的客户端在 S4 领导下继续工作，历史是可线性化的。分区迫使你做出选择：用手头的数据回答（可用，但可能过时），或者等待多数派（正确，但少数派一侧得不到回答）。',
      },
      highlight: [{ node: 1 }, { node: 2 }, { node: 4 }],
    },
  ],
};
