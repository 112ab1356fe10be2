/** Lesson: how Raft elects a leader, loses it, and splits a vote. */
import { leaderExists, leaderOfTermAtLeast } from './conditions';
import type { Lesson } from './types';

export const raftElectionLesson: Lesson = {
  id: 'raft-leader-election',
  protocol: 'raft',
  title: { en: 'Raft: leader election', zh: 'Raft：领导者选举' },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 7, events: [],
    meta: { title: 'Lesson: Raft leader election' },
  },
  steps: [
    {
      at: 0,
      narration: {
        en: 'Raft keeps a replicated log on a cluster of servers. Here are five. Each starts as a follower, and none is leader yet.',
        zh: 'Raft 在一组服务器上维护一份复制日志。这里有五台服务器。每台启动时都是跟随者，此时还没有领导者。',
      },
    },
    {
      at: 100,
      narration: {
        en: 'Each follower has an election timer, randomized between 150 and 300 ms. A follower that hears nothing from a leader before its timer runs out assumes there is none.',
        zh: '每个跟随者都有一个选举定时器，时长在 150 到 300 毫秒之间随机。如果定时器到期前没有收到领导者的消息，跟随者就认为当前没有领导者。',
      },
    },
    {
      waitFor: { condition: leaderExists, label: { en: 'a leader is elected', zh: '选出领导者' }, budget: 1000 },
      narration: {
        en: 'The first timer to run out turns its server into a candidate for term 1. It votes for itself and asks for votes; each server grants one vote per term. With three of five votes, S1 becomes leader.',
        zh: '最先到期的定时器让它的服务器成为任期 1 的候选者。它给自己投票并请求其他服务器投票；每台服务器在一个任期内只投一票。拿到五票中的三票后，S1 成为领导者。',
      },
      highlight: [{ node: 1 }],
    },
    {
      after: 120,
      narration: {
        en: 'The leader sends heartbeats (empty AppendEntries) every 50 ms. Each one resets a follower\'s election timer, so no new election starts while the leader is alive.',
        zh: '领导者每 50 毫秒发送一次心跳（空的 AppendEntries）。每次心跳都会重置跟随者的选举定时器，所以只要领导者还活着，就不会有新的选举。',
      },
      highlight: [{ node: 1 }, { message: 'AppendEntries', from: 1 }],
    },
    {
      actions: [{ type: 'crash', node: 'leader' }],
      waitFor: { condition: leaderOfTermAtLeast(2), label: { en: 'a new leader is elected', zh: '选出新领导者' }, budget: 2000 },
      narration: {
        en: 'Now the leader S1 crashes. The heartbeats stop and the four remaining servers elect a new leader. Here S2, S4 and S5 all stood in term 2 and split its votes, so nobody won it; S2 timed out again first and won term 3.',
        zh: '现在领导者 S1 崩溃了。心跳停止，剩下的四台服务器要选出新的领导者。这里 S2、S4、S5 都在任期 2 参选，瓜分了选票，谁也没有赢；S2 再次最先超时，赢得了任期 3。',
      },
      highlight: [{ node: 2 }],
    },
    {
      actions: [{ type: 'crash', node: 'leader' }, { type: 'timeout', node: 3 }, { type: 'timeout', node: 4 }],
      after: 40,
      narration: {
        en: 'Crash that leader, S2, too, and let S3 and S4 time out at the very same instant. Each votes for itself; S5 can give its one vote to only one of them. Two votes of five are not a majority: this term is a split vote.',
        zh: '让这位领导者 S2 也崩溃，并让 S3 和 S4 在同一瞬间超时。它们各自给自己投票；S5 只能把唯一的一票投给其中一个。五票中的两票不是多数：这个任期的选票被瓜分了。',
      },
      highlight: [{ node: 3 }, { node: 4 }, { node: 5 }],
    },
    {
      waitFor: { condition: leaderOfTermAtLeast(4), label: { en: 'a leader is elected after the split vote', zh: '选票瓜分后选出领导者' }, budget: 3000 },
      narration: {
        en: 'Nobody wins term 4. The next election timer to run out is S5\'s, a follower that voted for S3: it starts term 5 and wins it with all three live votes. Randomized timeouts make it rare for two servers to stand at once again.',
        zh: '任期 4 没有人获胜。接下来最先到期的是 S5 的选举定时器，它是投票给 S3 的跟随者：它发起任期 5，并以全部三张存活的选票获胜。随机化的超时让两台服务器再次同时参选的情况很少发生。',
      },
      highlight: [{ node: 5 }],
    },
    {
      actions: [{ type: 'restart', node: 1 }, { type: 'restart', node: 2 }],
      after: 300,
      narration: {
        en: 'The crashed servers S1 and S2 restart with their term, vote and log from disk. The first message from the leader tells them of the newer term, and they follow it.',
        zh: '崩溃的服务器 S1 和 S2 重启，从磁盘恢复任期、投票记录和日志。领导者发来的第一条消息告诉它们更新的任期，它们便更新任期，追随这位领导者。',
      },
      highlight: [{ node: 1 }, { node: 2 }],
    },
  ],
};
