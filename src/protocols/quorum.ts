/** Quorum arithmetic shared by every protocol: majorities of the cluster, and voter bitsets. */

/** The smallest majority of `nodeCount` nodes. */
export const majority = (nodeCount: number): number => Math.floor(nodeCount / 2) + 1;

/** How many voters a bitset (bit n = node n) holds. */
export function countBits(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
