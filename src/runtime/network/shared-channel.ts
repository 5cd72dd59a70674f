// A channel between subtasks in different worker threads of one process: buffers of encoded records in a
// SharedArrayBuffer ring with credit-based flow control and a priority lane. The TaskExecutor calls
// createSharedChannel() on its main thread and posts the descriptor to both workers; the producer's worker builds a
// SharedChannelWriter from it, the consumer's worker a SharedChannelReader, each with the edge's codec.

export {
  createSharedChannel,
  DEFAULT_CREDITS,
  DEFAULT_PRIORITY_SLOTS,
  type SharedChannelDescriptor,
  type SharedChannelOptions,
} from './shared-channel-layout.js';
export { SharedChannelReader } from './shared-channel-reader.js';
export { SharedChannelWriter } from './shared-channel-writer.js';
