/** Raft library, part 1: how a leader is elected, lost and elected again. */
import type { LibraryEntry } from './types';

export const firstElection: LibraryEntry = {
  id: 'raft-first-election',
  protocol: 'raft',
  title: { en: 'Raft: the first election', zh: 'Raft：第一次选举' },
  explanation: {
    en: 'Five servers start as followers with randomized election timers (150–300 ms). Nobody is leader, so the '
      + 'first timer to run out turns its server into a candidate for term 1: it votes for itself and asks the '
      + 'others for their votes. Each follower grants one vote per term, so the candidate that collects three '
      + 'of five becomes the only leader of term 1 and starts sending heartbeats that keep the other timers from firing.',
    zh: '五台服务器启动时都是跟随者，各自带着随机的选举定时器（150–300 毫秒）。此时没有领导者，最先超时的服务器'
      + '成为任期 1 的候选者：它先给自己投票，再向其他服务器请求选票。每个跟随者在一个任期内只投一票，所以拿到五票中'
      + '三票的候选者就成为任期 1 唯一的领导者，并开始发送心跳，让其他服务器的定时器不再超时。',
  },
  moment: {
    at: 215,
    text: {
      en: 'S1 has just won the election of term 1; watch its first heartbeats reset the other timers.',
      zh: 'S1 刚刚赢得任期 1 的选举；注意它的第一批心跳如何重置其他服务器的定时器。',
    },
    highlight: [{ node: 1 }, { message: 'AppendEntries', from: 1 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 7, until: 2000, events: [],
    meta: { title: 'Raft: the first election' },
  },
};

export const leaderCrash: LibraryEntry = {
  id: 'raft-leader-crash',
  protocol: 'raft',
  title: { en: 'Raft: the leader crashes and a new one is elected', zh: 'Raft：领导者崩溃后重新选举' },
  explanation: {
    en: 'S1 leads term 1 and commits x=1. At 1000 ms it crashes. The followers stop hearing heartbeats; S2\'s '
      + 'election timer expires first, so S2 starts term 2 and wins it with its own vote and those of S3 and S5. The '
      + 'committed entry survives because every possible winner stores it. When S1 restarts at 2500 ms it keeps '
      + 'its term and log, learns of term 2 from S2 and rejoins as a follower.',
    zh: 'S1 是任期 1 的领导者，并提交了 x=1。在 1000 毫秒时它崩溃了。跟随者收不到心跳；S2 的选举定时器最先超时，'
      + '于是 S2 发起任期 2 的选举，凭自己和 S3、S5 的选票当选。已提交的条目不会丢失，因为任何可能当选的服务器都存有它。'
      + 'S1 在 2500 毫秒重启时保留了自己的任期和日志，从 S2 那里得知任期 2，以跟随者身份重新加入。',
  },
  moment: {
    at: 1250,
    text: {
      en: 'S2 has won term 2 without S1; x=1 is still in every live log.',
      zh: '在没有 S1 的情况下，S2 赢得了任期 2；x=1 仍在每个存活节点的日志中。',
    },
    highlight: [{ node: 1 }, { node: 2 }, { entry: 1 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 5, seed: 7, until: 4000,
    events: [
      { at: 400, type: 'request', node: 'leader', command: 'x=1' },
      { at: 1000, type: 'crash', node: 'leader' },
      { at: 1800, type: 'request', node: 'leader', command: 'x=2' },
      { at: 2500, type: 'restart', node: 1 },
    ],
    meta: { title: 'Raft: the leader crashes and a new one is elected' },
  },
};

export const splitVote: LibraryEntry = {
  id: 'raft-split-vote',
  protocol: 'raft',
  title: { en: 'Raft: a split vote', zh: 'Raft：选票被瓜分' },
  explanation: {
    en: 'Four servers. At 100 ms the election timers of S1 and S2 are made to fire at the same instant, so both '
      + 'become candidates for term 1 and vote for themselves. The links are set so that S3 hears S1 first and S4 '
      + 'hears S2 first; each grants its only vote of the term to the first asker. Both candidates end with two '
      + 'votes of four, short of a majority of three, and term 1 ends without a leader. Their randomized timers '
      + 'then fire at different moments, so term 2 has a single early candidate and a winner.',
    zh: '四台服务器。在 100 毫秒时，S1 和 S2 的选举定时器被安排在同一时刻触发，两者都成为任期 1 的候选者并给自己'
      + '投票。链路延迟经过设置：S3 先收到 S1 的请求，S4 先收到 S2 的请求，它们都把本任期唯一的一票投给先到的请求者。'
      + '两个候选者各得四票中的两票，都达不到三票的多数，任期 1 就这样没有选出领导者。随后它们的随机定时器在不同时刻'
      + '触发，任期 2 只有一个较早的候选者，于是选出了领导者。',
  },
  moment: {
    at: 160,
    text: {
      en: 'Both candidates hold two votes each in term 1; neither can reach three.',
      zh: '任期 1 中两个候选者各有两票，谁都拿不到三票。',
    },
    highlight: [{ node: 1 }, { node: 2 }],
  },
  scenario: {
    version: 1, protocol: 'raft', nodes: 4, seed: 1, until: 2000,
    events: [
      { at: 100, type: 'link', from: 1, to: 3, latency: { min: 5, max: 5 } },
      { at: 100, type: 'link', from: 2, to: 3, latency: { min: 40, max: 40 } },
      { at: 100, type: 'link', from: 2, to: 4, latency: { min: 5, max: 5 } },
      { at: 100, type: 'link', from: 1, to: 4, latency: { min: 40, max: 40 } },
      { at: 100, type: 'timeout', node: 1 },
      { at: 100, type: 'timeout', node: 2 },
    ],
    meta: { title: 'Raft: a split vote' },
  },
};
