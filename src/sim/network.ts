/** Network model state: defaults, per-direction link overrides, and the current partition. */
import type { NetworkSettings, NodeId, Range } from './types';

export const DEFAULT_NETWORK: NetworkSettings = {
  latency: { min: 10, max: 30 },
  dropRate: 0,
  duplicateRate: 0,
};

export interface LinkOverride { dropRate?: number; latency?: Range }

export class NetworkState {
  settings: NetworkSettings;
  /** key `from*16+to` → override for that direction */
  links = new Map<number, LinkOverride>();
  /** group number per node id; null when there is no partition */
  groupOf: number[] | null = null;

  constructor(settings: NetworkSettings) {
    this.settings = { ...settings, latency: { ...settings.latency } };
  }

  static linkKey(from: NodeId, to: NodeId): number { return from * 16 + to; }

  link(from: NodeId, to: NodeId): LinkOverride | undefined {
    return this.links.size === 0 ? undefined : this.links.get(NetworkState.linkKey(from, to));
  }

  /** Change only the given fields of one direction's override. */
  setLink(from: NodeId, to: NodeId, change: LinkOverride): void {
    const key = NetworkState.linkKey(from, to);
    const next = { ...this.links.get(key) };
    if (change.dropRate !== undefined) next.dropRate = change.dropRate;
    if (change.latency !== undefined) next.latency = { ...change.latency };
    if (next.dropRate === undefined && next.latency === undefined) this.links.delete(key);
    else this.links.set(key, next);
  }

  /** Back to the network's defaults for this direction. */
  resetLink(from: NodeId, to: NodeId): void {
    this.links.delete(NetworkState.linkKey(from, to));
  }

  partition(groups: NodeId[][], nodeCount: number): void {
    // a node listed in no group is alone: give it a group of its own
    const groupOf = new Array<number>(nodeCount + 1).fill(-1);
    groups.forEach((g, i) => g.forEach((n) => { groupOf[n] = i; }));
    let next = groups.length;
    for (let n = 1; n <= nodeCount; n++) if (groupOf[n] === -1) groupOf[n] = next++;
    this.groupOf = groupOf;
  }

  heal(): void { this.groupOf = null; }

  separated(a: NodeId, b: NodeId): boolean {
    return this.groupOf !== null && this.groupOf[a] !== this.groupOf[b];
  }

  clone(): NetworkState {
    const n = new NetworkState(this.settings);
    n.links = new Map(this.links);
    n.groupOf = this.groupOf ? this.groupOf.slice() : null;
    return n;
  }
}
