// weir/testing: test harnesses users import. Operator level (Flink's operator test harnesses and
// ProcessFunctionTestHarnesses) and whole-job level (JobTestDriver, after Kafka Streams' TopologyTestDriver). Both
// run on the real runtime pieces (heap state backend, timer services, operator chains, channel selectors) in the
// test's thread with a manual clock: deterministic, no workers, no timers of their own.

export type { OutputEvent, Timestamped } from '../api/operators/operator-harness.js';
export {
  JobTestDriver,
  type JobTestDriverOptions,
  TestInput,
  testJob,
} from './job-test-driver.js';
export { KeyedStateView, type PendingTimer } from './keyed-state-view.js';
export {
  KeyedOneInputOperatorTestHarness,
  OneInputOperatorTestHarness,
  type OperatorTestHarnessOptions,
  TwoInputOperatorTestHarness,
} from './operator-test-harness.js';
export type { TestJobBuilder, TestJobContext } from './plan-test-job.js';
export {
  type KeyedProcessFunctionTestHarness,
  ProcessFunctionTestHarnesses,
} from './process-function-test-harnesses.js';
export { CollectingTestSink, TestInputSource } from './test-endpoints.js';
