// Windows (Flink's org.apache.flink.streaming.api.windowing): assigners, windows, triggers, evictors and window
// functions, as job authors use them with keyBy(...).window(...) and windowAll(...).

export { AllWindowedStream } from './all-windowed-stream.js';
export {
  EventTimeSessionWindows,
  GlobalWindows,
  isMergingWindowAssigner,
  type MergingWindowAssigner,
  ProcessingTimeSessionWindows,
  type SessionWindowTimeGapExtractor,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  type WindowAssigner,
  type WindowAssignerContext,
} from './assigners.js';
export {
  CountEvictor,
  DeltaEvictor,
  type DeltaFunction,
  type Evictor,
  type EvictorContext,
  TimeEvictor,
  type TimestampedValue,
} from './evictors.js';
export {
  ContinuousEventTimeTrigger,
  CountTrigger,
  EndOfStreamTrigger,
  EventTimeTrigger,
  NeverTrigger,
  type OnMergeContext,
  ProcessingTimeTrigger,
  PurgingTrigger,
  type Trigger,
  type TriggerContext,
  TriggerResult,
} from './triggers.js';
export {
  type KeyedStateStore,
  ProcessAllWindowFunction,
  type ProcessAllWindowFunctionLike,
  ProcessWindowFunction,
  type ProcessWindowFunctionContext,
  type ProcessWindowFunctionLike,
  type WindowFunction,
} from './window-functions.js';
export { WindowConfiguration, WindowedStream } from './windowed-stream.js';
export { GlobalWindow, TimeWindow, type Window } from './windows.js';
