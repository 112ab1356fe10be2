/** Lesson: a lock holder frozen by a GC pause outlives its lease; only a fencing storage stops its late write. */
import { LATE_WRITE_AT, PAUSE, gcPause } from '../library/lock-service';
import { lockHeldBy } from './conditions';
import type { Lesson } from './types';

/** The lesson's two runs: the storage without fencing, then the same script with it. */
export const FENCING_RUNS = {
  unfenced: gcPause('raft', false, 'Lesson: Locks need fencing'),
  fenced: gcPause('raft', true, 'Lesson: Locks need fencing (the storage fences)'),
} as const;

export const lockFencingLesson: Lesson = {
  id: 'lock-fencing',
  protocol: 'raft',
  title: { en: 'Locks need fencing', zh: '锁需要 fencing' },
  scenario: FENCING_RUNS.unfenced,
  steps: [
    {
      at: 320,
      narration: {
        en: 'Three clients share lock L through a lock service that runs on Raft, with S1 leading. Client 1 opened a session with a 1 s TTL, got L with fencing token 4 (the revision of the grant: tokens only grow) and wrote token 4 to the storage outside the cluster.',
        zh: '三个客户端通过运行在 Raft 上的锁服务共享锁 L，领导者是 S1。客户端 1 打开了一个 TTL 为 1 秒的会话，以 fencing 令牌 4 拿到 L（令牌就是授予时的版本号，只增不减），并把令牌 4 写入集群之外的存储。',
      },
      highlight: [{ node: 1 }],
    },
    {
      at: PAUSE.at + 100,
      narration: {
        en: 'At 600 ms client 1 stops for 2.5 s: a garbage collection pause. It sends no keep-alives. In its own mind it still holds L; the service panel draws it frozen.',
        zh: '600 毫秒时客户端 1 停住 2.5 秒：一次垃圾回收暂停。它不再发送心跳。在它自己看来，它仍持有 L；服务面板把它画成冻结状态。',
      },
    },
    {
      waitFor: { condition: lockHeldBy(2), label: { en: 'the service grants L to another client', zh: '服务把 L 授予另一个客户端' }, budget: 1500 },
      narration: {
        en: 'The service has heard nothing from client 1 for longer than its TTL. The leader expires the session and grants L to client 2, next in line, with token 9. Nobody can tell client 1: it is frozen.',
        zh: '服务超过 TTL 没有收到客户端 1 的任何消息。领导者让该会话过期，把 L 授予排在下一位的客户端 2，令牌为 9。没有人能告诉客户端 1：它被冻结了。',
      },
      highlight: [{ node: 1 }],
    },
    {
      at: LATE_WRITE_AT + 1,
      narration: {
        en: 'Client 1 wakes at 3.1 s, sure it still holds L, and writes with token 4. This storage does not check tokens: it takes the write after token 20, and FencingOrder breaks.',
        zh: '客户端 1 在 3.1 秒醒来，仍以为自己持有 L，用令牌 4 写入。这个存储不检查令牌：它在令牌 20 之后接受了这次写入，FencingOrder 被破坏。',
      },
    },
    {
      at: LATE_WRITE_AT + 1,
      scenario: FENCING_RUNS.fenced,
      narration: {
        en: 'The same run, with a storage that fences: it remembers the highest token it accepted, 20, and rejects token 4. Every write it accepted carries a token no lower than the one before, so nothing breaks.',
        zh: '同样的运行，但存储启用了 fencing：它记住已接受的最高令牌 20，拒绝了令牌 4。它接受的每次写入，令牌都不低于前一次，所以没有任何不变式被破坏。',
      },
    },
    {
      at: 3800,
      narration: {
        en: 'Client 1 then hears from the service that its session expired, opens a new one and waits in line; at 3.78 s it gets L again, with token 31. A lease cannot reach into a paused process: the resource the lock protects has to check the token.',
        zh: '随后客户端 1 从服务得知它的会话已过期，于是打开新会话并排队；3.78 秒时它再次拿到 L，令牌为 31。租约无法伸进一个暂停的进程：被锁保护的资源必须自己检查令牌。',
      },
      highlight: [{ node: 1 }],
    },
  ],
};
