// biome-ignore-all assist/source/organizeImports: the order of the exports below is the classes' load order.
// The DataStream API's stream classes (Flink's org.apache.flink.streaming.api.datastream). The classes refer to each
// other (DataStream.keyBy makes a KeyedStream, which extends DataStream), so this file fixes their load order, base
// classes first. Files in this folder import their siblings' classes from here, never directly, and code outside
// imports this file: then any entry point evaluates DataStream before the classes that extend it.

export { DataStream, type StateKey, checked, toKeyFn } from './data-stream.js';
export { SingleOutputStreamOperator } from './single-output-stream-operator.js';
export { DataStreamSource } from './data-stream-source.js';
export { KeyedStream, type AggregationField } from './keyed-stream.js';
export { ConnectedStreams } from './connected-streams.js';
export { BroadcastStream } from './broadcast-stream.js';
export { BroadcastConnectedStream } from './broadcast-connected-stream.js';
export { DataStreamSink } from './data-stream-sink.js';
export {
  CoGroupedStreams,
  CoGroupEqualTo,
  type CoGroupFunction,
  CoGroupWhere,
  CoGroupWithWindow,
  type TaggedUnion,
} from './co-grouped-streams.js';
export {
  type FlatJoinFunction,
  JoinedStreams,
  JoinEqualTo,
  type JoinFunction,
  JoinWhere,
  JoinWithWindow,
} from './joined-streams.js';
export { type IntervalBound, IntervalJoin, IntervalJoined } from './interval-join.js';
export { AsyncDataStream, DEFAULT_ASYNC_CAPACITY } from './async-data-stream.js';
export {
  type CloseableIterator,
  CollectResultIterator,
  collectLimit,
  executeAndCollect,
} from './collect-result-iterator.js';
