/**
 * Shapes for the swarm (swarm version 2): short scripted schedules that the protocols' subtle
 * bugs need and random faults rarely build. Each one quiets the window it runs in (calm network,
 * every node back up), then plays its steps at a pace of a few message delays, so timers seldom
 * get in the way; the nodes, group sizes and timings are drawn from the seed.
 * - `figure-8`: a leader appends an entry that reaches only a minority and crashes; another
 *   leader appends a different entry and crashes at once; the first returns in a later term and
 *   re-replicates its old entry; it crashes, and the second returns with its newer last term
 *   (Raft paper, Figure 8).
 * - `split-vote`: two candidates in the same term, kept apart by cut links, each with its own
 *   voters and sharing a few; the shared voters crash and restart between the two vote requests
 *   (a vote must survive a restart).
 * They use only scenario events, so they apply to any protocol (a `timeout` starts an election or
 * a proposer's round, a `request` proposes), and bugs added later meet them too.
 */
import type { Rng } from '../sim/rng';
import type { NetworkSettings, NodeId, ScenarioEvent } from '../sim/types';

export const SHAPES = ['figure-8', 'split-vote'] as const;
export type ShapeName = typeof SHAPES[number];

export interface Shape {
  name: ShapeName;
  /** the window the shape owns: random faults inside it are left out */
  from: number;
  to: number;
  events: ScenarioEvent[];
}

/** The calm network a shape runs on; message delays of a few ms keep its steps short. */
function calm(rng: Rng): NetworkSettings {
  const min = rng.int(1, 5);
  return { latency: { min, max: min + rng.int(3, 12) }, dropRate: 0, duplicateRate: 0 };
}

/** Draw one shape starting at `at`, for a cluster of `nodes`. */
export function drawShape(rng: Rng, name: ShapeName, nodes: number, at: number, restore: NetworkSettings, cutLinks: readonly [NodeId, NodeId][]): Shape {
  const net = calm(rng);
  const step = 2 * net.latency.max + rng.int(2, 10); // a round trip and a little
  const events: ScenarioEvent[] = [{ at, type: 'heal' }, { at, type: 'network', ...net }];
  for (let n = 1; n <= nodes; n++) events.push({ at, type: 'restart', node: n });
  for (const [from, to] of cutLinks) events.push({ at, type: 'link', from, to, reset: true });
  const ids = rng.shuffledIds(nodes);
  const quorum = Math.floor(nodes / 2) + 1;
  let t = at + step;
  const add = (e: ScenarioEvent): void => { events.push(e); };
  // a node back from a crash may be a term behind the voters, who then refuse it once: so it
  // stands again a step later (a node that already leads ignores a timeout)
  const elect = (node: NodeId, when: number): void => {
    add({ at: when, type: 'timeout', node });
    add({ at: when + step, type: 'timeout', node });
  };

  if (name === 'figure-8') {
    const [a, b] = ids;
    // the first leader's entry reaches `k` nodes (itself included): a minority small enough that
    // the nodes without it can still elect the second leader
    const k = rng.int(1, Math.max(1, Math.min(quorum - 1, nodes - quorum)));
    const holders = [a, ...ids.slice(2, 1 + k)];
    const others = ids.filter((id) => !holders.includes(id));
    elect(a, t);
    t += 3 * step;
    add({ at: t, type: 'partition', groups: [holders, others] });
    add({ at: t + 1, type: 'request', node: a, command: 'f8-old' });
    t += step;
    add({ at: t, type: 'crash', node: a });
    elect(b, t + 1);
    t += 3 * step;
    add({ at: t, type: 'partition', groups: [[b], ids.filter((id) => id !== b)] });
    add({ at: t + 1, type: 'request', node: b, command: 'f8-new' });
    add({ at: t + 2, type: 'crash', node: b });
    t += step;
    add({ at: t, type: 'heal' });
    add({ at: t, type: 'restart', node: a });
    elect(a, t + 1);
    t += 3 * step + rng.int(0, step); // the old entry goes out again, in a later term
    add({ at: t, type: 'crash', node: a });
    add({ at: t + 1, type: 'restart', node: b });
    elect(b, t + 2);
    t += 3 * step;
    add({ at: t, type: 'restart', node: a });
  } else {
    // two majorities that share `shared` voters: 2 + 2·own + shared = nodes
    const shared = Math.max(1, 2 * quorum - nodes);
    const own = Math.max(0, quorum - 1 - shared);
    const [c1, c2] = ids;
    const voters = ids.slice(2, 2 + shared);
    const side1 = [c1, ...ids.slice(2 + shared, 2 + shared + own)];
    const side2 = [c2, ...ids.slice(2 + shared + own, 2 + shared + 2 * own)];
    for (const x of side1) {
      for (const y of side2) {
        add({ at: t, type: 'link', from: x, to: y, dropRate: 1 });
        add({ at: t, type: 'link', from: y, to: x, dropRate: 1 });
      }
    }
    add({ at: t + 1, type: 'timeout', node: c1 });
    t += net.latency.max + rng.int(1, step); // the shared voters have voted for c1
    for (const v of voters) add({ at: t, type: 'crash', node: v });
    for (const v of voters) add({ at: t + 1, type: 'restart', node: v });
    add({ at: t + 2, type: 'timeout', node: c2 });
    t += 3 * step;
    for (const x of side1) {
      for (const y of side2) {
        add({ at: t, type: 'link', from: x, to: y, reset: true });
        add({ at: t, type: 'link', from: y, to: x, reset: true });
      }
    }
  }
  t += step;
  events.push({ at: t, type: 'network', ...restore });
  return { name, from: at, to: t, events };
}
