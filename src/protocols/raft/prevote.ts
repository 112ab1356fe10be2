/**
 * PreVote (dissertation §9.6): before it moves to a new term, a node whose election timer fired
 * asks the others whether they could vote for it. A node grants a pre-vote when the candidate's
 * log is at least as up to date as its own and it has not heard from a leader lately; nobody's
 * term or vote changes. Only with a majority of pre-votes does the node start a real election, so
 * a server that was cut off and comes back cannot push the cluster's term up and depose a healthy
 * leader.
 */
import { votesWin } from './membership';
import type { NodeContext, NodeId } from '../../sim/types';
import { heardFromLeader } from './leadership';
import type { PreVote, PreVoteReply, RaftConfig, RaftNode } from './types';

type LogPosition = { lastIndex: number; lastTerm: number };

/** Ask for pre-votes for the next term. Returns true when its own already makes a majority (a cluster of one). */
export function startPreVote(s: RaftNode, ctx: NodeContext, own: LogPosition): boolean {
  const term = s.durable.currentTerm + 1;
  s.preVotes = [s.id];
  ctx.note('pre-vote', { term });
  if (votesWin(s.config, s.preVotes)) return true;
  const m: PreVote = { term, candidateId: s.id, lastLogIndex: own.lastIndex, lastLogTerm: own.lastTerm };
  for (const peer of s.peers) ctx.send(peer, 'PreVote', m);
  return false;
}

/** Answer a pre-vote request; changes nothing in the voter. */
export function answerPreVote(s: RaftNode, from: NodeId, m: PreVote, ctx: NodeContext, c: RaftConfig, own: LogPosition): void {
  const upToDate = m.lastLogTerm > own.lastTerm || (m.lastLogTerm === own.lastTerm && m.lastLogIndex >= own.lastIndex);
  let reason: string;
  if (m.term <= s.durable.currentTerm) reason = 'stale-term';
  else if (heardFromLeader(s, c, ctx.now())) reason = 'leader-alive';
  else if (!upToDate && !ctx.bug('vote-without-log-check')) reason = 'log-behind';
  else reason = 'granted';
  const granted = reason === 'granted';
  ctx.note('pre-vote-answer', { candidate: m.candidateId, term: m.term, granted, reason });
  // a refusal carries the voter's own term, so a candidate that is behind catches up
  const reply: PreVoteReply = { term: granted ? m.term : s.durable.currentTerm, voteGranted: granted };
  ctx.send(from, 'PreVoteReply', reply);
}

/** Count a granted pre-vote. Returns true when a majority is reached: time for the real election. */
export function countPreVote(s: RaftNode, from: NodeId, m: PreVoteReply, ctx: NodeContext): boolean {
  if (!s.preVotes || s.role === 'leader' || !m.voteGranted || m.term !== s.durable.currentTerm + 1) return false;
  if (!s.preVotes.includes(from)) s.preVotes = [...s.preVotes, from];
  // a majority of the configuration's voters (of both sets while joint)
  return votesWin(s.config, s.preVotes);
}
