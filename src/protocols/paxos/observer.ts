/**
 * Basic Paxos safety, in the vocabulary of Lamport's Paxos.tla, checked after every event.
 * The observer keeps every vote ever cast (a vote, once cast, is a fact even if the acceptor
 * later votes again), so "chosen" means what it means in the spec: a majority of acceptors
 * voted for the value in one ballot. Each check looks only at the node the event touched.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import { ballotText, rank } from './ballot';
import { countBits, majority } from '../quorum';
import type { AcceptedValue, PaxosNode } from './types';

export const PAXOS_INVARIANTS = [
  'Consistency', 'ChosenWasProposed', 'OneValuePerBallot', 'AcceptAbovePromise', 'PromiseMonotonic', 'LearnedWasChosen',
] as const;

interface BallotVotes { value: string; voters: number }

export class PaxosObserver implements Observer<PaxosNode> {
  chosen: { slot: 0; value: string; time: number }[] = [];
  private proposed = new Set<string>();
  /** Every vote by ballot rank: the value of that ballot and who voted for it. */
  private votes = new Map<number, BallotVotes>();
  /** Per node: the promise rank and the vote last seen. Durable, so kept across restarts. */
  private lastPromised: number[];
  private lastVote: (AcceptedValue | null)[];
  private lastProposal: (string | null)[];
  private readonly quorum: number;

  constructor(nodeCount: number) {
    this.lastPromised = new Array(nodeCount + 1).fill(-1);
    this.lastVote = new Array(nodeCount + 1).fill(null);
    this.lastProposal = new Array(nodeCount + 1).fill(null);
    this.quorum = majority(nodeCount);
  }

  /** Promises and votes are durable, so the per-node checks go on across a restart. */
  onRestart(node: NodeId): void {
    this.lastProposal[node] = null;
  }

  afterEvent(nodes: readonly PaxosNode[], up: readonly boolean[], id: NodeId | null, time: number): Violation[] | null {
    if (id === null || !up[id]) return null;
    const s = nodes[id];
    const d = s.durable;
    let out: Violation[] | null = null;
    const fail = (invariant: string, detail: string, detailZh: string): void => { (out ??= []).push({ time, invariant, detail, detailZh }); };

    if (s.proposal !== null && s.proposal !== this.lastProposal[id]) this.proposed.add(s.proposal);
    this.lastProposal[id] = s.proposal;

    const promised = rank(d.promised);
    const vote = d.accepted;
    if (vote !== null && vote !== this.lastVote[id]) {
      // Paxos.tla Phase2b: an acceptor votes in ballot b only if b ≥ maxBal
      if (rank(vote.ballot) < this.lastPromised[id]) {
        fail('AcceptAbovePromise', `S${id} accepted "${vote.value}" in ballot ${ballotText(vote.ballot)}, below the ballot it had promised.`,
          `S${id} 在选票 ${ballotText(vote.ballot)} 中接受了 "${vote.value}"，低于它已承诺的选票。`);
      }
      this.recordVote(id, vote, time, fail);
    }
    this.lastVote[id] = vote;

    if (promised < this.lastPromised[id]) {
      fail('PromiseMonotonic', `S${id}'s promise went back to ${ballotText(d.promised)}.`, `S${id} 的承诺倒退到了 ${ballotText(d.promised)}。`);
    }
    this.lastPromised[id] = promised;

    if (d.learned !== null) {
      const first = this.chosen[0];
      if (!first || (first.value !== d.learned && !this.wasChosen(d.learned))) {
        fail('LearnedWasChosen', `S${id} learned "${d.learned}", but no majority accepted it in one ballot.`,
          `S${id} 学到了 "${d.learned}"，但没有多数派在同一个选票中接受它。`);
      }
    }
    return out;
  }

  private recordVote(id: NodeId, vote: AcceptedValue, time: number, fail: (inv: string, detail: string, detailZh: string) => void): void {
    const key = rank(vote.ballot);
    let b = this.votes.get(key);
    if (!b) this.votes.set(key, (b = { value: vote.value, voters: 0 }));
    else if (b.value !== vote.value) {
      fail('OneValuePerBallot', `S${id} accepted "${vote.value}" in ballot ${ballotText(vote.ballot)}, which already carried "${b.value}".`,
        `S${id} 在选票 ${ballotText(vote.ballot)} 中接受了 "${vote.value}"，而该选票已带有 "${b.value}"。`);
      return;
    }
    const before = countBits(b.voters);
    b.voters |= 1 << id;
    if (before >= this.quorum || countBits(b.voters) < this.quorum) return;
    // a majority just voted for this value in this ballot: it is chosen
    const first = this.chosen[0];
    if (!first) this.chosen.push({ slot: 0, value: vote.value, time });
    else if (first.value !== vote.value) {
      fail('Consistency', `"${vote.value}" was chosen in ballot ${ballotText(vote.ballot)}, but "${first.value}" was already chosen.`,
        `"${vote.value}" 在选票 ${ballotText(vote.ballot)} 中被选定，但 "${first.value}" 早已被选定。`);
    }
    if (!this.proposed.has(vote.value)) {
      fail('ChosenWasProposed', `"${vote.value}" was chosen, but no node was asked to propose it.`, `"${vote.value}" 被选定了，但没有任何节点被要求提议它。`);
    }
  }

  private wasChosen(value: string): boolean {
    for (const b of this.votes.values()) if (b.value === value && countBits(b.voters) >= this.quorum) return true;
    return false;
  }

  clone(): PaxosObserver {
    const c = Object.create(PaxosObserver.prototype) as PaxosObserver;
    Object.assign(c, this);
    c.chosen = this.chosen.slice();
    c.proposed = new Set(this.proposed);
    c.votes = new Map([...this.votes].map(([k, v]) => [k, { ...v }]));
    c.lastPromised = this.lastPromised.slice();
    c.lastVote = this.lastVote.slice();
    c.lastProposal = this.lastProposal.slice();
    return c;
  }

  report(): Record<string, unknown> {
    return { chosen: this.chosen.map((c) => ({ ...c })) };
  }
}
