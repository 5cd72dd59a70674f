// The data plane between subtasks of different chains: stream events, 32 KiB buffers, channels with credit-based
// flow control and a priority lane (shared memory between worker threads, object batches inside one worker),
// partitioners and the channel wiring of a JobEdge, RecordWriter on the producer side and InputGate on the consumer.

export { DEFAULT_SEGMENT_SIZE } from './buffer-format.js';
export type { ChannelReader, ChannelWriter, InputHandler } from './channel.js';
export {
  BroadcastSelector,
  type ChannelSelector,
  CustomSelector,
  createChannelSelector,
  ForwardSelector,
  GlobalSelector,
  KeyGroupSelector,
  type RandomSource,
  RebalanceSelector,
  RescaleSelector,
  ShuffleSelector,
} from './channel-selector.js';
export {
  connectedConsumers,
  connectedProducers,
  type DistributionPattern,
  distributionPattern,
} from './connection-pattern.js';
export { InputGate, type PollResult } from './input-gate.js';
export {
  createLocalChannel,
  DEFAULT_BATCH_SIZE,
  LocalChannel,
  type LocalChannelOptions,
  LocalChannelReader,
  LocalChannelWriter,
} from './local-channel.js';
export { DEFAULT_MAX_OVERDRAFT_BUFFERS, OverdraftBudget } from './overdraft-budget.js';
export { RecordWriter } from './record-writer.js';
export {
  createSharedChannel,
  DEFAULT_CREDITS,
  DEFAULT_PRIORITY_SLOTS,
  type SharedChannelDescriptor,
  type SharedChannelOptions,
  SharedChannelReader,
  SharedChannelWriter,
} from './shared-channel.js';
export {
  type CheckpointBarrierEvent,
  checkpointBarrier,
  END_OF_PARTITION,
  type EndOfPartitionEvent,
  type StreamEvent,
  WATERMARK_STATUS_ACTIVE,
  WATERMARK_STATUS_IDLE,
  type WatermarkEvent,
  type WatermarkStatusEvent,
  watermark,
} from './stream-event.js';
