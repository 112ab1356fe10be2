/**
 * The coordination service's library: a lock holder paused past its session's TTL wakes up and
 * writes with its old token. Without fencing the storage takes the write; with fencing it refuses it.
 */
import type { LibraryEntry } from './types';
import type { ProtocolName } from '../../protocols/registry';
import type { Scenario } from '../../sim/types';

/** Client 1 holds L from about 300 ms and is frozen from 600 ms to 3100 ms, past its 1000 ms TTL. */
export const PAUSE = { at: 600, for: 2500 } as const;
/** When client 1's late write reaches the storage. */
export const LATE_WRITE_AT = 3123;

export function gcPause(protocol: ProtocolName, fencing: boolean, title: string): Scenario {
  return {
    version: 1, protocol, nodes: 3, seed: 7, until: 5000,
    workload: { kind: 'lock', clients: 3, keys: 1, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 4500, ttl: 1000, hold: { min: 200, max: 400 }, fencing },
    events: [{ at: PAUSE.at, type: 'pause', client: 1, for: PAUSE.for }],
    meta: { title },
  };
}

export const lockWithoutFencing: LibraryEntry = {
  id: 'lock-gc-pause-without-fencing',
  protocol: 'raft',
  title: { en: 'Locks need fencing: a paused holder writes anyway', zh: '锁需要 fencing：暂停的持锁者照样写入' },
  explanation: {
    en: 'Three clients share lock L through a lock service on Raft; each writes its fencing token to a storage '
      + 'outside the cluster when it gets the lock and again when its work ends. Client 1 gets L with token 4, '
      + 'then pauses at 600 ms for 2.5 s (a garbage collection): no keep-alives. Its session TTL is 1 s, so the '
      + 'service expires the session and grants L to client 2, then to others, with higher tokens. At 3.1 s '
      + 'client 1 wakes, still believing it holds L, and writes with token 4. The storage does not fence, so it '
      + 'accepts the write after writes with higher tokens: FencingOrder breaks. The lock service did nothing '
      + 'wrong; a lease alone cannot stop a process that does not know time has passed.',
    zh: '三个客户端通过运行在 Raft 上的锁服务共享锁 L；每个客户端拿到锁时，以及工作结束时，都把自己的 fencing 令牌写入'
      + '集群之外的存储。客户端 1 以令牌 4 拿到 L，随后在 600 毫秒暂停 2.5 秒（一次垃圾回收）：不再发送心跳。它的会话 TTL '
      + '是 1 秒，于是服务让会话过期，把 L 依次授予客户端 2 和其他客户端，令牌更高。3.1 秒时客户端 1 醒来，仍以为自己'
      + '持有 L，用令牌 4 写入。存储没有 fencing，于是在接受过更高令牌的写入之后又接受了这次写入：FencingOrder 被破坏。'
      + '锁服务本身没有做错；仅靠租约，挡不住一个不知道时间已经过去的进程。',
  },
  moment: {
    at: LATE_WRITE_AT + 1,
    text: {
      en: 'Client 1, just awake, wrote with token 4 and the storage took it after token 20: two holders have written as if each held L.',
      zh: '刚醒来的客户端 1 用令牌 4 写入，存储在令牌 20 之后接受了它：两个持锁者都像自己持有 L 一样写了数据。',
    },
  },
  scenario: gcPause('raft', false, 'Locks need fencing: a paused holder writes anyway'),
};

export const lockWithFencing: LibraryEntry = {
  id: 'lock-gc-pause-with-fencing',
  protocol: 'multi-paxos',
  title: { en: 'Locks need fencing: the storage rejects the late write', zh: '锁需要 fencing：存储拒绝迟到的写入' },
  explanation: {
    en: 'The same pause on a lock service that runs on Multi-Paxos, as Chubby does, and this time the storage '
      + 'fences: it remembers the highest token it accepted and rejects any lower one. Client 1 wakes at 3.1 s '
      + 'and writes with token 4 after token 20 was accepted, so the storage refuses it, and every write it '
      + 'accepted carries a token no lower than the one before. The service cannot reach into a paused client; '
      + 'the resource it protects has to check the token.',
    zh: '同样的暂停，这次锁服务像 Chubby 一样运行在 Multi-Paxos 上，而且存储启用了 fencing：它记住已接受的最高令牌，拒绝'
      + '任何更低的令牌。客户端 1 在 3.1 秒醒来，在令牌 20 已被接受之后用令牌 4 写入，存储拒绝了它；存储接受的每次写入，'
      + '令牌都不低于前一次。服务无法伸手进入一个暂停的客户端，必须由它保护的资源来检查令牌。',
  },
  moment: {
    at: LATE_WRITE_AT + 1,
    text: {
      en: "Client 1's write with token 4 has just been rejected (the cross on the storage lane): token 20 came first.",
      zh: '客户端 1 令牌为 4 的写入刚被拒绝（存储一栏上的叉号）：令牌 20 先到了。',
    },
  },
  scenario: gcPause('multi-paxos', true, 'Locks need fencing: the storage rejects the late write'),
};
