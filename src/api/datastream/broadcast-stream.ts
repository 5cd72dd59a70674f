import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import type { MapStateDescriptor } from '../state/descriptors.js';
import type { Transformation } from '../transformations.js';

/**
 * A stream sent to every subtask, with the broadcast state it maintains (Flink's BroadcastStream). It is not a
 * DataStream: its only use is `stream.connect(broadcastStream).process(...)`.
 */
export class BroadcastStream<T> {
  /** @internal Use stream.broadcast(descriptor, ...). */
  constructor(
    private readonly environment: StreamExecutionEnvironment,
    private readonly transformation: Transformation,
    private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  /** @internal The broadcast partition transformation. */
  getTransformation(): Transformation {
    return this.transformation;
  }

  getBroadcastStateDescriptors(): readonly MapStateDescriptor<unknown, unknown>[] {
    return this.descriptors;
  }

  /** Type-level only (emits nothing): lets connect() infer the broadcast record type. */
  declare protected readonly recordType?: T;
}
