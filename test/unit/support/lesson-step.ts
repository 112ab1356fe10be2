/** A lesson's step replayed to its planned moment, with the trace of the run so far (the lesson tests read what each step claims from it). */
import { lesson as lessonById, stepMoment } from '../../../src/scenario/lessons';
import { createSimulation } from '../../../src/scenario/run';
import type { TraceRecord } from '../../../src/sim/trace';

/** `View` is the protocol's node report, `Report` its observer's report, as the test reads them. */
export function atStep<View, Report = unknown>(id: string, index: number) {
  const lesson = lessonById(id);
  const planned = stepMoment(lesson, index);
  const trace: TraceRecord[] = [];
  const sim = createSimulation(planned.scenario, { onTrace: (r) => { trace.push(r); } });
  sim.runUntil(planned.at);
  const view = (node: number) => sim.protocol.reportNode(sim.nodes[node]) as unknown as View;
  const report = sim.observer.report() as unknown as Report;
  /** a record of this step (after the previous step's moment) */
  const inStep = (r: TraceRecord) => r.time > planned.begin && r.time <= planned.at;
  return { sim, planned, trace, view, report, inStep, narration: lesson.steps[index].narration };
}
