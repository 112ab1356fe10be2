/**
 * Multi-Paxos safety, checked after every event. Each acceptor's new votes and each node's new
 * "chosen" marks are handed over by the node (newVotes, newChosen), so the work per event does
 * not grow with the log. A slot is chosen the first time a majority voted for one value in one
 * ballot, as in Basic Paxos.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import { ballotText, rank, type Ballot } from '../paxos/ballot';
import { countBits, majority } from '../quorum';
import { Column } from './column';
import { NOOP, reportedValue, type Command, type MultiPaxosNode } from './types';

export const MULTI_PAXOS_INVARIANTS = ['Consistency', 'OneValuePerBallot', 'ChosenAgreement', 'CommandOnce'] as const;

/** The votes of one ballot in one slot. */
interface BallotVotes { rank: number; value: Command; voters: number }

const sameValue = (a: Command, b: Command): boolean => a === b || (a.id === b.id && a.command === b.command);
const show = (v: Command): string => (v === NOOP ? 'no-op' : `"${v.command}"`);
const showZh = (v: Command): string => (v === NOOP ? '空操作' : `"${v.command}"`);

export class MultiPaxosObserver implements Observer<MultiPaxosNode> {
  /**
   * Votes per slot. Nearly every slot only ever sees one ballot, so the first ballot's votes
   * live in columns (no object per slot); the rare later ballots go to `laterVotes`.
   */
  private firstRank = new Column<number>(-1);
  private firstValue = new Column<Command | null>(null);
  private firstVoters = new Column<number>(0);
  private laterVotes = new Map<number, BallotVotes[]>();
  /** The value chosen in each slot and when (null and -1: nothing chosen yet). */
  private chosenValue = new Column<Command | null>(null);
  private chosenTime = new Column<number>(-1);
  /** One above the highest slot chosen so far. */
  private chosenEnd = 0;
  /**
   * Where each command was chosen, for CommandOnce: a workload request by client and request id
   * (numbers, in a column per client: ids grow by one), a scenario request by its id.
   */
  private requestSlot: Column<number>[] = [];
  private namedSlot = new Map<string, number>();
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
    const votes = s.newVotes;
    const marks = s.newChosen;
    if (votes.length === 0 && marks.length === 0) return null;
    this.found = null;
    this.time = time;
    const log = s.durable.log;
    for (let i = 0; i < votes.length; i++) {
      const e = log[votes[i]]!;
      this.recordVote(id, votes[i], e.ballot, e.value);
    }
    for (let i = 0; i < marks.length; i++) {
      const slot = marks[i];
      const mine = log[slot]!.value;
      const c = this.chosenValue.get(slot);
      if (c === null) this.fail('ChosenAgreement', `S${id} marked slot ${slot} chosen with ${show(mine)}, but no majority accepted anything there.`,
        `S${id} 把槽 ${slot} 标记为已选定 ${showZh(mine)}，但没有多数派在那里接受过任何值。`);
      else if (!sameValue(c, mine)) {
        this.fail('ChosenAgreement', `S${id} marked slot ${slot} chosen with ${show(mine)}, but ${show(c)} was chosen there.`,
          `S${id} 把槽 ${slot} 标记为已选定 ${showZh(mine)}，但那里选定的是 ${showZh(c)}。`);
      }
    }
    // (pop, not `length = 0`: these hold one or two slots, and pop stays inline)
    while (votes.length > 0) votes.pop();
    while (marks.length > 0) marks.pop();
    return this.found;
  }

  private fail(invariant: string, detail: string, detailZh: string): void {
    (this.found ??= []).push({ time: this.time, invariant, detail, detailZh });
  }

  private recordVote(id: NodeId, slot: number, ballot: Ballot, value: Command): void {
    const r = rank(ballot);
    const bit = 1 << id;
    let voters: number;
    const first = this.firstValue.get(slot);
    if (first === null) {
      this.firstRank.set(slot, r);
      this.firstValue.set(slot, value);
      this.firstVoters.set(slot, (voters = bit));
    } else if (this.firstRank.get(slot) === r) {
      if (!sameValue(first, value)) return this.twoValues(id, slot, ballot, value, first);
      const before = this.firstVoters.get(slot);
      if (before & bit) return;
      this.firstVoters.set(slot, (voters = before | bit));
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
    const c = this.chosenValue.get(slot);
    if (c !== null) {
      if (!sameValue(c, value)) {
        this.fail('Consistency', `Slot ${slot}: ${show(value)} was chosen in ballot ${ballotText(ballot)}, but ${show(c)} was already chosen.`,
          `槽 ${slot}：${showZh(value)} 在选票 ${ballotText(ballot)} 中被选定，但 ${showZh(c)} 早已被选定。`);
      }
      return;
    }
    this.chosenValue.set(slot, value);
    this.chosenTime.set(slot, this.time);
    if (slot >= this.chosenEnd) this.chosenEnd = slot + 1;
    if (value !== NOOP) this.chosenOnce(value, slot);
  }

  /** CommandOnce: a command (one client request) is chosen in one slot only. */
  private chosenOnce(value: Command, slot: number): void {
    let other: number;
    const op = value.op;
    if (op && op.requestId < 0) return; // a keep-alive is idempotent: it may be chosen again, harmlessly
    if (op) {
      const column = (this.requestSlot[op.client] ??= new Column<number>(-1));
      other = column.get(op.requestId);
      if (other < 0) column.set(op.requestId, slot);
    } else {
      other = this.namedSlot.get(value.id as string) ?? -1;
      if (other < 0) this.namedSlot.set(value.id as string, slot);
    }
    if (other >= 0) this.fail('CommandOnce', `${show(value)} was chosen in slot ${slot}, and already in slot ${other}.`,
      `${showZh(value)} 在槽 ${slot} 被选定，而它早已在槽 ${other} 被选定。`);
  }

  private twoValues(id: NodeId, slot: number, ballot: Ballot, value: Command, earlier: Command): void {
    this.fail('OneValuePerBallot', `S${id} accepted ${show(value)} in slot ${slot}, ballot ${ballotText(ballot)}, which already carried ${show(earlier)}.`,
      `S${id} 在槽 ${slot}、选票 ${ballotText(ballot)} 中接受了 ${showZh(value)}，而该选票已带有 ${showZh(earlier)}。`);
  }

  /** The value first chosen in `slot` (a majority voted for it in one ballot) and when, or null. */
  chosenAt(slot: number): { value: Command; time: number } | null {
    const value = slot < this.chosenEnd ? this.chosenValue.get(slot) : null;
    return value === null ? null : { value, time: this.chosenTime.get(slot) };
  }

  /** One above the highest slot chosen so far. */
  chosenSlots(): number {
    return this.chosenEnd;
  }

  /** Copies share the columns chunk by chunk until one of them writes, so this serves checkpoints too. */
  clone(): MultiPaxosObserver {
    const c = Object.create(MultiPaxosObserver.prototype) as MultiPaxosObserver;
    Object.assign(c, this);
    c.firstRank = this.firstRank.copy();
    c.firstValue = this.firstValue.copy();
    c.firstVoters = this.firstVoters.copy();
    c.laterVotes = new Map([...this.laterVotes].map(([slot, list]) => [slot, list.map((b) => ({ ...b }))]));
    c.chosenValue = this.chosenValue.copy();
    c.chosenTime = this.chosenTime.copy();
    c.requestSlot = this.requestSlot.map((column) => column.copy());
    c.namedSlot = new Map(this.namedSlot);
    c.found = null;
    return c;
  }

  /** A checkpoint copy: clone already shares the columns, so it is as cheap as freezing gets. */
  freeze(): MultiPaxosObserver {
    return this.clone();
  }

  report(): Record<string, unknown> {
    const chosen: { slot: number; value: string | null; noop?: true; time: number }[] = [];
    for (let slot = 0; slot < this.chosenEnd; slot++) {
      const v = this.chosenValue.get(slot);
      if (v !== null) chosen.push({ slot, ...reportedValue(v), time: this.chosenTime.get(slot) });
    }
    return { chosen };
  }
}
