import type { SinkTransformation } from '../transformations.js';
import {
  applyMaxParallelism,
  applyName,
  applyParallelism,
  applySlotSharingGroup,
  applyUid,
} from './transformation-settings.js';

/** The end of a stream written to a sink (Flink's DataStreamSink): the sink operator's settings, chainable. */
export class DataStreamSink<T> {
  /** Type-level only (emits nothing): ties the sink to its record type. */
  declare protected readonly recordType?: T;

  constructor(private readonly transformation: SinkTransformation) {}

  /** @internal */
  getTransformation(): SinkTransformation {
    return this.transformation;
  }

  name(name: string): this {
    applyName(this.transformation, name);
    return this;
  }

  uid(uid: string): this {
    applyUid(this.transformation, uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    applyParallelism(this.transformation, parallelism, true);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    applyMaxParallelism(this.transformation, maxParallelism, true);
    return this;
  }

  slotSharingGroup(slotSharingGroup: string): this {
    applySlotSharingGroup(this.transformation, slotSharingGroup);
    return this;
  }

  /** Keeps the sink out of its input's chain (ChainingStrategy NEVER). */
  disableChaining(): this {
    this.transformation.chainingStrategy = 'NEVER';
    return this;
  }
}
