/** Lesson: ZooKeeper's Zab, where a new leader recovers and synchronizes before it broadcasts. */
import type { Simulation } from '../../sim/engine';
import { commandCommitted } from './conditions';
import type { Condition, Lesson } from './types';

interface ZabView { role: string; phase: string; currentEpoch: number; history: { command: string }[]; lastCommitted: [number, number] | null }
const view = (sim: Simulation, id: number) => sim.protocol.reportNode(sim.nodes[id]) as unknown as ZabView;

/** A leader of at least this epoch finished synchronization and broadcasts. */
function establishedInEpoch(epoch: number): Condition {
  return function establishedInEpochN(sim) {
    return sim.nodeIds.some((id) => sim.up[id] && view(sim, id).role === 'leading' && view(sim, id).phase === 'broadcast'
      && view(sim, id).currentEpoch >= epoch);
  };
}

/** A leader of at least this epoch has finished discovery (it is synchronizing its followers, or past that). */
function leaderPastDiscovery(epoch: number): Condition {
  return function leaderPastDiscoveryN(sim) {
    return sim.nodeIds.some((id) => sim.up[id] && view(sim, id).role === 'leading' && view(sim, id).currentEpoch >= epoch);
  };
}

/** This node's history holds the command (proposed to it, committed or not). */
function nodeHolds(node: number, command: string): Condition {
  return function nodeHoldsCommand(sim) {
    return view(sim, node).history.some((t) => t.command === command);
  };
}

/** Every node is up, in the broadcast phase, and has delivered its whole history of `count` transactions. */
function everyNodeDelivered(count: number): Condition {
  return function everyNodeDeliveredN(sim) {
    return sim.nodeIds.every((id) => {
      const v = view(sim, id);
      return sim.up[id] && v.phase === 'broadcast' && v.history.length === count && v.lastCommitted !== null;
    });
  };
}

export const zabLesson: Lesson = {
  id: 'zab-recovery',
  protocol: 'zab',
  title: { en: "ZooKeeper's Zab: recovery before broadcast", zh: 'ZooKeeper 的 Zab：先恢复，再广播' },
  scenario: { version: 1, protocol: 'zab', nodes: 5, seed: 1, events: [], meta: { title: "Lesson: ZooKeeper's Zab" } },
  steps: [
    {
      waitFor: { condition: establishedInEpoch(1), label: { en: 'a leader is established', zh: '领导者已确立' }, budget: 1500 },
      narration: {
        en: 'Every server starts LOOKING and votes for the best server it knows: the highest epoch, then the highest last zxid, then the highest id. All histories are empty, so S5 wins. Before it may broadcast, S5 runs discovery (FOLLOWERINFO, then LEADERINFO with epoch 1, above every acceptedEpoch, then ACKEPOCH) and synchronization (NEWLEADER, ACK).',
        zh: '每台服务器一开始都处于 LOOKING 状态，投票给它所知最好的服务器：纪元最高者优先，其次是最后 zxid 最高者，再次是编号最高者。所有历史都为空，所以 S5 胜出。在广播之前，S5 要先完成发现阶段（FOLLOWERINFO，然后是带有高于所有 acceptedEpoch 的纪元 1 的 LEADERINFO，再是 ACKEPOCH）和同步阶段（NEWLEADER，ACK）。',
      },
    },
    {
      actions: [{ type: 'request', node: 'leader', command: 'x=1' }],
      waitFor: { condition: commandCommitted('x=1'), label: { en: 'x=1 is committed', zh: 'x=1 已提交' }, budget: 500 },
      narration: {
        en: 'Broadcast: the leader gives x=1 the zxid (1, 1), epoch 1 and counter 1, and sends a PROPOSAL. Once a quorum ACKs, it delivers x=1 and sends COMMIT, on which each follower delivers it too. Zxids order every transaction: by epoch, then by counter.',
        zh: '广播阶段：领导者给 x=1 分配 zxid (1, 1)，即纪元 1、计数 1，并发送 PROPOSAL。法定人数 ACK 之后，它交付 x=1 并发送 COMMIT，跟随者收到后也随之交付。zxid 为所有事务定序：先按纪元，再按计数。',
      },
    },
    {
      actions: [
        { type: 'link', from: 5, to: 1, dropRate: 1 }, { type: 'link', from: 5, to: 2, dropRate: 1 }, { type: 'link', from: 5, to: 3, dropRate: 1 },
        { type: 'request', node: 'leader', command: 'y=2' },
      ],
      waitFor: { condition: nodeHolds(4, 'y=2'), label: { en: 'S4 holds y=2', zh: 'S4 持有 y=2' }, budget: 500 },
      narration: {
        en: "Now S5's links to S1, S2 and S3 fail. It proposes y=2 as (1, 2), but the PROPOSAL reaches only S4. Two copies are not a quorum of five: y=2 is not committed, and no client has been told it is.",
        zh: '现在 S5 到 S1、S2、S3 的链路失效了。它以 (1, 2) 提议 y=2，但 PROPOSAL 只到达了 S4。两份副本构不成五台中的法定人数：y=2 没有被提交，也没有客户端被告知它已成功。',
      },
    },
    {
      actions: [
        { type: 'crash', node: 5 },
        { type: 'link', from: 5, to: 1, reset: true }, { type: 'link', from: 5, to: 2, reset: true }, { type: 'link', from: 5, to: 3, reset: true },
        { type: 'timeout', node: 4 },
      ],
      waitFor: { condition: leaderPastDiscovery(2), label: { en: 'a leader finishes discovery for epoch 2', zh: '领导者完成纪元 2 的发现阶段' }, budget: 2000 },
      narration: {
        en: 'S5 crashes; of the others, only S4 holds y=2. They look for a leader; S4 has the highest last zxid, (1, 2), so it wins. In discovery it takes epoch 2, above every acceptedEpoch it hears of, so no older leader can still act in its epoch, and it learns the most recent history of a quorum, which holds y=2. Watch the phases under each node.',
        zh: 'S5 崩溃了；其余服务器中只有 S4 持有 y=2。它们寻找领导者；S4 的最后 zxid (1, 2) 最高，于是胜出。在发现阶段，它取纪元 2，高于它听到的所有 acceptedEpoch，这样任何旧领导者都无法在它的纪元里行事；它还得知了法定人数中最新的历史，其中有 y=2。留意每个节点下方显示的阶段。',
      },
    },
    {
      waitFor: { condition: commandCommitted('y=2'), label: { en: 'y=2 is committed', zh: 'y=2 已提交' }, budget: 500 },
      narration: {
        en: 'Recovery before broadcast: NEWLEADER gives the followers the initial history of epoch 2, with y=2 still as (1, 2). Only after a quorum ACKs does S4 commit it and start broadcasting. A proposal that might have been committed is never lost; had y=2 reached only S5, it would have been dropped, which is safe because it was never committed.',
        zh: '先恢复，再广播：NEWLEADER 把纪元 2 的初始历史交给跟随者，y=2 仍然是 (1, 2)。只有在法定人数 ACK 之后，S4 才提交它并开始广播。可能已被提交的提议永远不会丢失；如果 y=2 只到达了 S5，它就会被丢弃，而这是安全的，因为它从未被提交。',
      },
    },
    {
      actions: [{ type: 'request', node: 'leader', command: 'z=3' }, { type: 'restart', node: 5 }],
      waitFor: { condition: everyNodeDelivered(3), label: { en: 'every server delivered all three', zh: '每台服务器都交付了全部三个事务' }, budget: 2000 },
      narration: {
        en: "New writes get zxids of the new epoch: z=3 is (2, 1). S5 restarts with its durable acceptedEpoch, currentEpoch and history, joins S4 with FOLLOWERINFO, and is synchronized before it sees any new PROPOSAL. Primary order: every server delivers epoch 1's transactions before epoch 2's.",
        zh: '新的写入使用新纪元的 zxid：z=3 是 (2, 1)。S5 带着持久化的 acceptedEpoch、currentEpoch 和历史重启，用 FOLLOWERINFO 加入 S4，并在看到任何新的 PROPOSAL 之前完成同步。主节点顺序：每台服务器都先交付纪元 1 的事务，再交付纪元 2 的事务。',
      },
    },
  ],
};
