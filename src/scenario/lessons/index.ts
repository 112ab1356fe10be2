/** The guided lessons, in the order the UI offers them, plus their plan and progress machine. */
import type { Lesson } from './types';
import { raftElectionLesson } from './raft-election';
import { raftReplicationLesson } from './raft-replication';
import { raftPartitionsLesson } from './raft-partitions';
import { raftFigure8Lesson } from './raft-figure8';
import { raftPreVoteLesson } from './raft-prevote';
import { raftReadsLesson } from './raft-reads';
import { raftMembershipLesson } from './raft-membership';
import { raftSnapshotLesson } from './raft-snapshots';
import { paxosLesson } from './paxos';
import { multiPaxosLesson } from './multi-paxos';
import { zabLesson } from './zab';
import { lockFencingLesson } from './lock-fencing';
import { capLesson } from './cap';

export type { Condition, Highlight, Lesson, LessonStep, StepAfter, StepAt, StepWait, Text, WaitFor } from './types';
export { isWaitStep } from './types';
export { createLessonMachine, type LessonContext, type LessonEvent, type LessonMachine } from './machine';
export { ACTION_DELAY_MS, LessonError, planLesson, replayStep, stepMoment, type PlannedStep } from './plan';

export const LESSONS: readonly Lesson[] = [
  raftElectionLesson, raftReplicationLesson, raftPartitionsLesson, raftFigure8Lesson, raftPreVoteLesson, raftReadsLesson,
  raftMembershipLesson, raftSnapshotLesson, paxosLesson, multiPaxosLesson, zabLesson, lockFencingLesson, capLesson,
];

const byId = new Map(LESSONS.map((l) => [l.id, l]));

/** The lesson with this id; throws naming the id when there is none. */
export function lesson(id: string): Lesson {
  const found = byId.get(id);
  if (!found) throw new Error(`lessons: no lesson "${id}" (known: ${[...byId.keys()].join(', ')})`);
  return found;
}
