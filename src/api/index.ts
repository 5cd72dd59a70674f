// The DataStream API, as a job author uses it (Flink's flink-streaming-java surface): the environment, streams and
// their operations, user function types, state descriptors, sources and sinks. Runtime-facing contracts
// (transformations, operators, executors) are imported from their own files by the layers above.

export {
  type AggregationField,
  AsyncDataStream,
  BroadcastConnectedStream,
  BroadcastStream,
  type CloseableIterator,
  CoGroupEqualTo,
  CoGroupedStreams,
  type CoGroupFunction,
  CoGroupWhere,
  CoGroupWithWindow,
  ConnectedStreams,
  DataStream,
  DataStreamSink,
  DataStreamSource,
  type FlatJoinFunction,
  type IntervalBound,
  IntervalJoin,
  IntervalJoined,
  JoinEqualTo,
  JoinedStreams,
  type JoinFunction,
  JoinWhere,
  JoinWithWindow,
  KeyedStream,
  SingleOutputStreamOperator,
  type TaggedUnion,
} from './datastream/index.js';
export { type CheckpointingMode, StreamExecutionEnvironment } from './environment/stream-execution-environment.js';
export {
  AscendingTimestampsWatermarks,
  BoundedOutOfOrdernessWatermarks,
  IdlenessTimer,
  NoWatermarksGenerator,
  RecordTimestampAssigner,
  type RelativeClock,
  type TimestampAssigner,
  type TimestampAssignerFunction,
  type WatermarkGenerator,
  type WatermarkGeneratorContext,
  type WatermarkGeneratorSupplier,
  type WatermarkOutput,
  WatermarkOutputMultiplexer,
  WatermarkStrategy,
  WatermarksWithIdleness,
} from './eventtime/index.js';
export type { JobClient, JobExecutionResult, JobStatus } from './execution/job-client.js';
export type {
  AggregateFunction,
  CoFlatMapFunction,
  Collector,
  CoMapFunction,
  FilterFunction,
  FlatMapFunction,
  KeySelector,
  MapFunction,
  Partitioner,
  PartitionerFunction,
  ReduceFunction,
  RichFunction,
} from './functions/functions.js';
export {
  type AsyncFunction,
  type AsyncRetryPredicate,
  AsyncRetryStrategies,
  type AsyncRetryStrategy,
  type BroadcastContext,
  BroadcastProcessFunction,
  type BroadcastReadOnlyContext,
  type BroadcastState,
  CoProcessFunction,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type KeyedStateFunction,
  type OnTimerContext,
  ProcessFunction,
  type ProcessFunctionContext,
  type ReadOnlyBroadcastState,
  type TimeDomain,
  TimeoutError,
} from './functions/index.js';
export type { MetricGroupView, RuntimeContext, TaskInfo } from './functions/runtime-context.js';
export {
  ProcessJoinFunction,
  type ProcessJoinFunctionContext,
  type ProcessJoinFunctionLike,
} from './operators/process-join-function.js';
export type { TimerService } from './operators/timers.js';
export { OutputTag } from './output-tag.js';
export { CollectSink } from './sink/collect-sink.js';
export { PrintSink, type PrintSinkOptions } from './sink/print-sink.js';
export type { Sink, SinkInitContext, SinkWriter, SinkWriterContext } from './sink/sink.js';
export { FromElementsSource } from './source/from-elements-source.js';
export { IteratorSourceEnumerator } from './source/iterator-source-enumerator.js';
export { IteratorSourceReader, type NumberSequenceSplit } from './source/iterator-source-reader.js';
export { NumberSequenceSource } from './source/number-sequence-source.js';
export type {
  Boundedness,
  InputStatus,
  ReaderOutput,
  Source,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from './source/source.js';
export {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from './state/descriptors.js';
export type { AggregatingState, ListState, MapState, ReducingState, ValueState } from './state/state.js';
export {
  DEFAULT_INCREMENTAL_CLEANUP,
  type IncrementalCleanupStrategy,
  StateTtlConfig,
  StateTtlConfigBuilder,
  type TtlStateVisibility,
  type TtlTimeCharacteristic,
  type TtlUpdateType,
} from './state/state-ttl-config.js';
export {
  AllWindowedStream,
  ContinuousEventTimeTrigger,
  CountEvictor,
  CountTrigger,
  DeltaEvictor,
  type DeltaFunction,
  EndOfStreamTrigger,
  EventTimeSessionWindows,
  EventTimeTrigger,
  type Evictor,
  type EvictorContext,
  GlobalWindow,
  GlobalWindows,
  type KeyedStateStore,
  type MergingWindowAssigner,
  NeverTrigger,
  type OnMergeContext,
  ProcessAllWindowFunction,
  ProcessingTimeSessionWindows,
  ProcessingTimeTrigger,
  ProcessWindowFunction,
  type ProcessWindowFunctionContext,
  PurgingTrigger,
  type SessionWindowTimeGapExtractor,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeEvictor,
  type TimestampedValue,
  TimeWindow,
  type Trigger,
  type TriggerContext,
  TriggerResult,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  type Window,
  type WindowAssigner,
  WindowedStream,
  type WindowFunction,
} from './windowing/index.js';
