import type { PartitionerFunction } from '../../api/functions/functions.js';
import type { KeyFn, PartitionerSpec } from '../../api/transformations.js';
import { assignKeyToParallelOperator } from '../../core/key-group.js';

// Partitioners as Flink's StreamPartitioner classes decide: which output channel of a RecordWriter gets a record.
// Channel i is the i-th consumer in connectedConsumers() (connection-pattern.ts): all consumers for the ALL_TO_ALL
// partitioners, the pointwise subset for forward and rescale. Per-record methods allocate nothing.

/** Flink's ChannelSelector. setup() runs once with the channel count; selectChannel() runs per record. */
export interface ChannelSelector<T = unknown> {
  setup(numberOfChannels: number): void;
  selectChannel(value: T): number;
  /** Broadcast writers send every record to all channels and never call selectChannel. */
  readonly isBroadcast: boolean;
}

/** A source of uniform numbers in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number;

function checkChannels(numberOfChannels: number, name: string): number {
  if (!Number.isInteger(numberOfChannels) || numberOfChannels < 1) {
    throw new RangeError(`${name}: numberOfChannels must be a positive integer, got ${numberOfChannels}`);
  }
  return numberOfChannels;
}

/** Flink ForwardPartitioner: the one connected consumer. */
export class ForwardSelector implements ChannelSelector {
  readonly isBroadcast = false;
  setup(numberOfChannels: number): void {
    checkChannels(numberOfChannels, 'ForwardSelector');
  }
  selectChannel(): number {
    return 0;
  }
}

/** Flink GlobalPartitioner: everything to the first consumer. */
export class GlobalSelector implements ChannelSelector {
  readonly isBroadcast = false;
  setup(numberOfChannels: number): void {
    checkChannels(numberOfChannels, 'GlobalSelector');
  }
  selectChannel(): number {
    return 0;
  }
}

/** Flink RebalancePartitioner: round robin over all consumers, starting after a random channel. */
export class RebalanceSelector implements ChannelSelector {
  readonly isBroadcast = false;
  private numberOfChannels = 1;
  private next = 0;
  constructor(private readonly random: RandomSource = Math.random) {}
  setup(numberOfChannels: number): void {
    this.numberOfChannels = checkChannels(numberOfChannels, 'RebalanceSelector');
    this.next = Math.floor(this.random() * numberOfChannels);
  }
  selectChannel(): number {
    this.next = (this.next + 1) % this.numberOfChannels;
    return this.next;
  }
}

/** Flink RescalePartitioner: round robin over the pointwise subset, starting at channel 0. */
export class RescaleSelector implements ChannelSelector {
  readonly isBroadcast = false;
  private numberOfChannels = 1;
  private next = -1;
  setup(numberOfChannels: number): void {
    this.numberOfChannels = checkChannels(numberOfChannels, 'RescaleSelector');
    this.next = -1;
  }
  selectChannel(): number {
    if (++this.next >= this.numberOfChannels) this.next = 0;
    return this.next;
  }
}

/** Flink ShufflePartitioner: a uniformly random consumer per record. */
export class ShuffleSelector implements ChannelSelector {
  readonly isBroadcast = false;
  private numberOfChannels = 1;
  constructor(private readonly random: RandomSource = Math.random) {}
  setup(numberOfChannels: number): void {
    this.numberOfChannels = checkChannels(numberOfChannels, 'ShuffleSelector');
  }
  selectChannel(): number {
    return Math.floor(this.random() * this.numberOfChannels);
  }
}

/** Flink BroadcastPartitioner: every record to every consumer. */
export class BroadcastSelector implements ChannelSelector {
  readonly isBroadcast = true;
  setup(numberOfChannels: number): void {
    checkChannels(numberOfChannels, 'BroadcastSelector');
  }
  selectChannel(): number {
    throw new Error('BroadcastSelector.selectChannel: broadcast writers send to all channels and never select one');
  }
}

/** Flink KeyGroupStreamPartitioner: the consumer that owns the key's key group. */
export class KeyGroupSelector<T> implements ChannelSelector<T> {
  readonly isBroadcast = false;
  private numberOfChannels = 1;
  constructor(
    private readonly keySelector: (value: T) => unknown,
    private readonly maxParallelism: number,
  ) {}
  setup(numberOfChannels: number): void {
    this.numberOfChannels = checkChannels(numberOfChannels, 'KeyGroupSelector');
    if (numberOfChannels > this.maxParallelism) {
      throw new RangeError(
        `KeyGroupSelector: ${numberOfChannels} consumers exceed the max parallelism ${this.maxParallelism}; ` +
          'a keyed operator cannot run with more subtasks than key groups',
      );
    }
  }
  selectChannel(value: T): number {
    return assignKeyToParallelOperator(this.keySelector(value), this.maxParallelism, this.numberOfChannels);
  }
}

/** Flink CustomPartitionerWrapper: the user's partitioner on the selected key; its answer is checked. */
export class CustomSelector<T> implements ChannelSelector<T> {
  readonly isBroadcast = false;
  private numberOfChannels = 1;
  private readonly partition: (key: unknown, numPartitions: number) => number;
  constructor(
    private readonly keySelector: (value: T) => unknown,
    partitioner: PartitionerFunction<unknown>,
  ) {
    this.partition = typeof partitioner === 'function' ? partitioner : (k, n) => partitioner.partition(k, n);
  }
  setup(numberOfChannels: number): void {
    this.numberOfChannels = checkChannels(numberOfChannels, 'CustomSelector');
  }
  selectChannel(value: T): number {
    const key = this.keySelector(value);
    const channel = this.partition(key, this.numberOfChannels);
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.numberOfChannels) {
      throw new RangeError(
        `partitionCustom: the partitioner returned ${String(channel)} for key ${String(key)}; it must return an ` +
          `integer in [0, ${this.numberOfChannels}) (numPartitions is ${this.numberOfChannels})`,
      );
    }
    return channel;
  }
}

/** The selector for an edge's partitioner; maxParallelism is the consumer's (used by hash partitioning). */
export function createChannelSelector(
  spec: PartitionerSpec,
  maxParallelism: number,
  random: RandomSource = Math.random,
): ChannelSelector {
  switch (spec.kind) {
    case 'forward':
      return new ForwardSelector();
    case 'rebalance':
      return new RebalanceSelector(random);
    case 'rescale':
      return new RescaleSelector();
    case 'shuffle':
      return new ShuffleSelector(random);
    case 'broadcast':
      return new BroadcastSelector();
    case 'global':
      return new GlobalSelector();
    case 'hash':
      return new KeyGroupSelector<unknown>(spec.keySelector as KeyFn, maxParallelism);
    case 'custom':
      return new CustomSelector<unknown>(spec.keySelector as KeyFn, spec.partitioner);
    default: {
      const unknown: never = spec;
      throw new TypeError(`createChannelSelector: unknown partitioner ${JSON.stringify(unknown)}`);
    }
  }
}

export {
  connectedConsumers,
  connectedProducers,
  type DistributionPattern,
  distributionPattern,
} from './connection-pattern.js';
