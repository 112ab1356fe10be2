/**
 * CAP under a partition, and a lock holder partitioned away. Every client talks only to its home
 * node (workload `home`), so what a client sees is what its side of the partition can do.
 */
import type { LibraryEntry } from './types';
import type { Scenario, Workload } from '../../sim/types';

/** When the network splits {S1, S2} (S1 leads) from {S3, S4, S5}. */
export const CAP_SPLIT_AT = 1500;
/** Client 1's serializable read that S1 answers with v14 after the majority's v17 and v18 returned. */
export const CAP_STALE_READ = { client: 1, call: 2190.135, output: 'v14', newer: ['v17', 'v18'] } as const;

/** Five clients on one key, client n at home on Sn; reads answered as `reads` says. */
export function capScenario(reads: NonNullable<Workload['reads']>, title: string): Scenario {
  return {
    version: 1, protocol: 'raft', nodes: 5, seed: 39, until: 4000,
    workload: { clients: 5, keys: 1, interval: { min: 100, max: 200 }, readRatio: 0.75, from: 0, to: 3500, home: true, reads },
    events: [{ at: CAP_SPLIT_AT, type: 'partition', groups: [[1, 2], [3, 4, 5]] }],
    meta: { title },
  };
}

export const capSerializableReads: LibraryEntry = {
  id: 'cap-partition-serializable-reads',
  protocol: 'raft',
  title: { en: 'CAP: serializable reads answer stale values on the minority side', zh: 'CAP：少数派一侧的可串行化读返回过时的值' },
  explanation: {
    en: 'Five clients share key k0; client n talks only to its home node Sn, which forwards writes to the leader it '
      + 'knows and answers reads itself, from its own state (serializable reads, as etcd\'s --consistency=s). At 1.5 s '
      + 'the network cuts S1 (the leader) and S2 off from S3, S4 and S5. The majority elects S5 and goes on writing. '
      + 'On the minority side, writes hang, but reads are still answered at once: with the value S1 and S2 last '
      + 'applied, however old it gets. The clients stay available and the history is not linearizable.',
    zh: '五个客户端共享键 k0；客户端 n 只与它的所属节点 Sn 通信，Sn 把写请求转发给它所知道的领导者，读请求则用自己的状态'
      + '直接回答（可串行化读，如 etcd 的 --consistency=s）。1.5 秒时网络把 S1（领导者）和 S2 与 S3、S4、S5 隔开。多数派'
      + '选出 S5 并继续写入。少数派一侧写请求卡住，但读请求仍立即得到回答：回答的是 S1 和 S2 最后应用的值，无论它变得多旧。'
      + '客户端保持可用，而历史不可线性化。',
  },
  moment: {
    at: CAP_STALE_READ.call + 1,
    text: {
      en: 'S1 has just answered client 1\'s read with v14, 60 ms after the majority\'s writes of v17 and v18 returned: a stale answer.',
      zh: 'S1 刚以 v14 回答了客户端 1 的读取，而多数派写入 v17 和 v18 已在 60 毫秒前返回：这是一个过时的回答。',
    },
    highlight: [{ node: 1 }, { node: 5 }],
  },
  scenario: capScenario('serializable', 'CAP: serializable reads answer stale values on the minority side'),
};

export const capLinearizableReads: LibraryEntry = {
  id: 'cap-partition-linearizable-reads',
  protocol: 'raft',
  title: { en: 'CAP: linearizable reads time out on the minority side', zh: 'CAP：少数派一侧的线性一致读超时' },
  explanation: {
    en: 'The same clients and the same split, with linearizable reads: a home node forwards every read to the leader '
      + 'it knows, and the read goes through the log. On the minority side S1 still believes it leads, but it can '
      + 'commit nothing, so nothing clients 1 and 2 ask after the split is ever answered; they time out and ask '
      + 'again. The majority\'s clients carry on once S4 is elected. The history is linearizable: the minority side '
      + 'chose to be right rather than to answer.',
    zh: '同样的客户端、同样的分区，这次是线性一致读：所属节点把每个读请求都转发给它所知道的领导者，读取要经过日志。少数派一侧'
      + '的 S1 仍以为自己是领导者，却什么也提交不了，所以客户端 1 和 2 在分区之后发出的请求永远得不到回答，只能超时再重试。多数派'
      + '的客户端在 S4 当选后继续工作。历史是可线性化的：少数派一侧选择了正确，而不是回答。',
  },
  moment: {
    at: 3000,
    text: {
      en: 'Clients 1 and 2 have had no answer to anything they asked after the split: every request they sent to S1 and S2 timed out.',
      zh: '客户端 1 和 2 在分区之后发出的请求没有得到任何回答：它们发往 S1 和 S2 的每个请求都超时了。',
    },
    highlight: [{ node: 1 }, { node: 2 }],
  },
  scenario: capScenario('linearizable', 'CAP: linearizable reads time out on the minority side'),
};

/** When the lock holder's home node S1 is cut off, and when the partition heals. */
export const SESSION_SPLIT = { at: 1144, heal: 3144 } as const;

export const sessionExpiresPartitioned: LibraryEntry = {
  id: 'lock-session-expires-partitioned',
  protocol: 'multi-paxos',
  title: { en: 'A lock holder partitioned away: its session expires', zh: '持锁者被分区隔开：它的会话过期' },
  explanation: {
    en: 'Three clients share lock L through a lock service on Multi-Paxos; each talks only to its home node, which '
      + 'forwards its calls to the leader, S3. Client 1 gets L with token 8, and 50 ms later its home node S1 is cut off '
      + 'from S2 and S3. Client 1 keeps sending keep-alives, but S1 cannot pass them on, so the service hears '
      + 'nothing from client 1 for longer than its 1 s TTL: it expires the session and gives L to client 3 with '
      + 'token 12. Client 1 learns it only after the partition heals, from the answer to its next keep-alive; by '
      + 'then S1, whose ballot kept rising while it was cut off, has taken the lead from S3.',
    zh: '三个客户端通过运行在 Multi-Paxos 上的锁服务共享锁 L；每个客户端只与它的所属节点通信，由所属节点把调用转发给领导者 S3。'
      + '客户端 1 以令牌 8 拿到 L，50 毫秒后它的所属节点 S1 与 S2、S3 隔开。客户端 1 继续发送心跳，但 S1 无法转发，于是服务'
      + '超过 1 秒的 TTL 没有收到客户端 1 的任何消息：它让会话过期，把 L 以令牌 12 交给客户端 3。客户端 1 直到分区恢复后，'
      + '才从下一次心跳的回答中得知这一点；那时 S1 因隔离期间选票不断升高，已从 S3 手中接过了领导权。',
  },
  moment: {
    at: 1911,
    text: {
      en: 'The service has expired client 1\'s session and granted L to client 3 (token 12); client 1, cut off behind S1, does not know yet.',
      zh: '服务已让客户端 1 的会话过期，并把 L 授予客户端 3（令牌 12）；被 S1 隔开的客户端 1 还不知道。',
    },
    highlight: [{ node: 1 }],
  },
  scenario: {
    version: 1, protocol: 'multi-paxos', nodes: 3, seed: 2, until: 5000,
    workload: {
      kind: 'lock', clients: 3, keys: 1, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 4500,
      ttl: 1000, hold: { min: 300, max: 600 }, home: true,
    },
    events: [
      { at: SESSION_SPLIT.at, type: 'partition', groups: [[1], [2, 3]] },
      { at: SESSION_SPLIT.heal, type: 'heal' },
    ],
    meta: { title: 'A lock holder partitioned away: its session expires' },
  },
};
