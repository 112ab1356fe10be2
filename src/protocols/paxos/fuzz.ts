/** What the swarm fuzzer needs of Basic Paxos: single-decree, so once a value is chosen no probe can
 *  be; converging means a value was chosen and every node learned it. */
import { decidedValues, type FuzzProfile } from '../plugin';

export const paxosFuzz: FuzzProfile = {
  check(report) {
    if (decidedValues(report).length === 0) return 'no value was chosen';
    const unaware = report.nodes.filter((n) => n.learned === null || n.learned === undefined).map((n) => `S${n.id}`);
    return unaware.length ? `${unaware.join(', ')} never learned the chosen value` : null;
  },
};
