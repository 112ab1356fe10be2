/**
 * Multi-Paxos safety, checked after every event. Each acceptor's new votes and each node's new
 * "chosen" marks are handed over by the node (newVotes, newChosen), so the work per event does
 * not grow with the log. A slot is chosen the first time a majority voted for one value in one
 * ballot, as in Basic Paxos.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import { ballotText, rank, type Ballot } from '../paxos/ballot';
import { countBits, majority } from '../paxos/paxos';
import { NOOP, type Command, type MultiPaxosNode } from './types';

export const MULTI_PAXOS_INVARIANTS = ['Consistency', 'OneValuePerBallot', 'ChosenAgreement', 'CommandOnce'] as const;

/** The votes of one ballot in one slot. */
interface BallotVotes { rank: number; value: Command; voters: number }

const sameValue = (a: Command, b: Command): boolean => a === b || (a.id === b.id && a.command === b.command);
const show = (v: Command): string => (v === NOOP ? 'no-op' : `"${v.command}"`);

export class MultiPaxosObserver implements Observer<MultiPaxosNode> {
  /**
   * Votes per slot. Nearly every slot only ever sees one ballot, so the first ballot's votes
   * live in flat arrays (no object per slot); the rare later ballots go to `laterVotes`.
   */
  private firstRank: number[] = [];
  private firstValue: Command[] = [];
  private firstVoters: number[] = [];
  private laterVotes = new Map<number, BallotVotes[]>();
  /** The value chosen in each slot and when (holes: nothing chosen yet). */
  private chosenValue: Command[] = [];
  private chosenTime: number[] = [];
  /** Command id → the slot it was chosen in. */
  private commandSlot = new Map<string, number>();
  private readonly quorum: number;
  /** Violations found in the event being checked, and its time. */
  private found: Violation[] | null = null;
  private time = 0;

  constructor(nodeCount: number) {
    this.quorum = majority(nodeCount);
  }

  onRestart(_node: NodeId): void { /* the log is durable: nothing starts over */ }

  afterEvent(nodes: readonly MultiPaxosNode[], up: readonly boolean[], id: NodeId | null, time: number): Violation[] | null {
    if (id === null || !up[id]) return null;
    const s = nodes[id];
    if (s.newVotes.length === 0 && s.newChosen.length === 0) return null;
    this.found = null;
    this.time = time;
    const log = s.durable.log;
    for (const slot of s.newVotes) this.recordVote(id, slot, log[slot]!.ballot, log[slot]!.value);
    s.newVotes.length = 0;
    for (const slot of s.newChosen) {
      const mine = log[slot]!.value;
      const c = this.chosenValue[slot];
      if (c === undefined) this.fail('ChosenAgreement', `S${id} marked slot ${slot} chosen with ${show(mine)}, but no majority accepted anything there.`);
      else if (!sameValue(c, mine)) {
        this.fail('ChosenAgreement', `S${id} marked slot ${slot} chosen with ${show(mine)}, but ${show(c)} was chosen there.`);
      }
    }
    s.newChosen.length = 0;
    return this.found;
  }

  private fail(invariant: string, detail: string): void {
    (this.found ??= []).push({ time: this.time, invariant, detail });
  }

  private recordVote(id: NodeId, slot: number, ballot: Ballot, value: Command): void {
    const r = rank(ballot);
    const bit = 1 << id;
    let voters: number;
    if (this.firstValue[slot] === undefined) {
      // fill any holes below with plain numbers first, so the arrays stay fast
      while (this.firstRank.length < slot) { this.firstRank.push(-1); this.firstVoters.push(0); }
      this.firstRank[slot] = r;
      this.firstValue[slot] = value;
      voters = this.firstVoters[slot] = bit;
    } else if (this.firstRank[slot] === r) {
      if (!sameValue(this.firstValue[slot], value)) return this.twoValues(id, slot, ballot, value, this.firstValue[slot]);
      if (this.firstVoters[slot] & bit) return;
      voters = this.firstVoters[slot] |= bit;
    } else {
      const list = this.laterVotes.get(slot) ?? [];
      if (list.length === 0) this.laterVotes.set(slot, list);
      let b: BallotVotes | undefined;
      for (let i = 0; i < list.length; i++) if (list[i].rank === r) { b = list[i]; break; }
      if (!b) list.push((b = { rank: r, value, voters: 0 }));
      else if (!sameValue(b.value, value)) return this.twoValues(id, slot, ballot, value, b.value);
      if (b.voters & bit) return;
      voters = b.voters |= bit;
    }
    if (countBits(voters) !== this.quorum) return;
    // a majority just voted for this value here: the slot is chosen
    const c = this.chosenValue[slot];
    if (c !== undefined) {
      if (!sameValue(c, value)) {
        this.fail('Consistency', `Slot ${slot}: ${show(value)} was chosen in ballot ${ballotText(ballot)}, but ${show(c)} was already chosen.`);
      }
      return;
    }
    while (this.chosenTime.length < slot) this.chosenTime.push(-1);
    this.chosenValue[slot] = value;
    this.chosenTime[slot] = this.time;
    if (value === NOOP) return;
    const other = this.commandSlot.get(value.id);
    if (other !== undefined) this.fail('CommandOnce', `${show(value)} was chosen in slot ${slot}, and already in slot ${other}.`);
    else this.commandSlot.set(value.id, slot);
  }

  private twoValues(id: NodeId, slot: number, ballot: Ballot, value: Command, earlier: Command): void {
    this.fail('OneValuePerBallot', `S${id} accepted ${show(value)} in slot ${slot}, ballot ${ballotText(ballot)}, which already carried ${show(earlier)}.`);
  }

  clone(): MultiPaxosObserver {
    const c = Object.create(MultiPaxosObserver.prototype) as MultiPaxosObserver;
    Object.assign(c, this);
    c.firstRank = this.firstRank.slice();
    c.firstValue = this.firstValue.slice();
    c.firstVoters = this.firstVoters.slice();
    c.laterVotes = new Map([...this.laterVotes].map(([slot, list]) => [slot, list.map((b) => ({ ...b }))]));
    c.chosenValue = this.chosenValue.slice();
    c.chosenTime = this.chosenTime.slice();
    c.commandSlot = new Map(this.commandSlot);
    return c;
  }

  report(): Record<string, unknown> {
    const chosen: { slot: number; value: string | null; time: number }[] = [];
    this.chosenValue.forEach((v, slot) => {
      if (v !== undefined) chosen.push({ slot, value: v === NOOP ? null : v.command, time: this.chosenTime[slot] });
    });
    return { chosen };
  }
}
