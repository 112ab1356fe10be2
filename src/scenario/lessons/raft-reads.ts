/** Lesson: why a leader cannot simply answer a read, and how ReadIndex or a lease keeps reads linearizable (dissertation §6.4). */
import { STALE_READ, staleReadBug } from '../library/raft-reads';
import type { Lesson } from './types';

export const raftReadsLesson: Lesson = {
  id: 'raft-stale-reads',
  protocol: 'raft',
  title: { en: 'Raft: stale reads, ReadIndex and leases', zh: 'Raft：陈旧读、ReadIndex 与租约' },
  scenario: { ...staleReadBug.scenario, meta: { title: 'Lesson: Raft stale reads' } },
  steps: [
    {
      at: 1400,
      narration: {
        en: 'Two clients read and write the key k0. Reads do not go through the log here: the leader S1 answers them from its state machine. In this run S1 has the stale-read bug: it answers at once, without asking whether it still leads.',
        zh: '两个客户端读写键 k0。这里的读取不经过日志：领导者 S1 直接用状态机的值回答。本次运行中 S1 带有陈旧读缺陷：它立即回答，不确认自己是否仍是领导者。',
      },
      highlight: [{ node: 1 }],
    },
    {
      at: 1720,
      narration: {
        en: 'At 1500 ms S1 was cut off alone. It still believes it leads. Client 2\'s write of v5 reached S1 just before the cut and was copied to S2, S3 and S5; the other four elected S5 in term 3, and S5 will commit v5 and answer client 2.',
        zh: '1500 毫秒时 S1 被单独隔开，它仍以为自己是领导者。客户端 2 写入 v5 的请求在隔开之前刚到达 S1，并已复制到 S2、S3 和 S5；另外四台在任期 3 选出了 S5，S5 将提交 v5 并回复客户端 2。',
      },
      highlight: [{ node: 1 }, { node: 5 }],
    },
    {
      at: STALE_READ.readAt + 2,
      narration: {
        en: 'Client 2\'s write of v5 returned at 1765.7 ms. Twenty milliseconds later S1 answers client 1\'s read with v4: the read began after the write finished, yet does not see it. No order of the operations explains that history: it is not linearizable.',
        zh: '客户端 2 写入 v5 已在 1765.7 毫秒返回。二十毫秒后，S1 以 v4 回答客户端 1 的读取：读取在写入完成之后才开始，却没有看到它。没有任何操作顺序能解释这样的历史：它不可线性化。',
      },
      highlight: [{ node: 1 }, { node: 5 }],
      // the history view shows the write, the newer write and the stale read
      show: ['history'],
    },
    {
      after: 50,
      narration: {
        en: 'ReadIndex fixes it: the leader notes its commit index, sends one round of heartbeats, and answers only when a majority has answered it, so it knows no newer leader exists. Cut off, S1 never hears that majority, so it answers nothing and its clients move to S5.',
        zh: 'ReadIndex 可以解决：领导者记下提交索引，发送一轮心跳，只有多数节点回应后才回答，这样它就知道不存在更新的领导者。被隔开的 S1 永远等不到多数回应，于是什么也不回答，它的客户端转向 S5。',
      },
      highlight: [{ node: 1 }],
    },
    {
      after: 50,
      narration: {
        en: 'A lease saves the round: after a majority acknowledges a heartbeat, no one else can be elected for a minimum election timeout, because those followers refuse to vote. The lease must end before that; "Raft with the lease-too-long bug" in the library shows what happens when it does not.',
        zh: '租约省去了这一轮心跳：多数节点确认一次心跳后，在一个最小选举超时之内不可能选出别人，因为这些跟随者会拒绝投票。租约必须在那之前结束；场景库中的“带有租约过长缺陷的 Raft”展示了不这样做的后果。',
      },
      highlight: [{ node: 1 }],
    },
  ],
};
