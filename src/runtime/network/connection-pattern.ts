import type { PartitionerKind } from '../../api/transformations.js';

// Which subtasks of a JobEdge are connected by channels (Flink: DistributionPattern and
// VertexInputInfoComputationUtils.computeVertexInputInfoForPointwise). Forward and rescale are POINTWISE, every
// other partitioner ALL_TO_ALL. Pointwise with upstream parallelism p1 and downstream p2:
//   p1 >= p2: consumer j reads producers [floor(j*p1/p2), floor((j+1)*p1/p2))   e.g. 4 -> 2: {0,1} -> 0, {2,3} -> 1
//   p1 <  p2: producer i feeds consumers [ceil(i*p2/p1), ceil((i+1)*p2/p1))     e.g. 2 -> 4: 0 -> {0,1}, 1 -> {2,3}
// The order of the returned indices is the channel order: a RecordWriter's channel k goes to the k-th connected
// consumer, and an InputGate's channel k comes from the k-th connected producer.

export type DistributionPattern = 'ALL_TO_ALL' | 'POINTWISE';

export function distributionPattern(partitioner: PartitionerKind): DistributionPattern {
  switch (partitioner) {
    case 'forward':
    case 'rescale':
      return 'POINTWISE';
    case 'rebalance':
    case 'shuffle':
    case 'broadcast':
    case 'global':
    case 'hash':
    case 'custom':
      return 'ALL_TO_ALL';
    default: {
      const unknown: never = partitioner;
      throw new TypeError(`distributionPattern: unknown partitioner '${String(unknown)}'`);
    }
  }
}

function checkArguments(partitioner: PartitionerKind, index: number, p: number, p1: number, p2: number, role: string) {
  for (const [name, value] of [
    ['upstream parallelism', p1],
    ['downstream parallelism', p2],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= p) {
    throw new RangeError(`${role} index ${index} is not in [0, ${p})`);
  }
  if (partitioner === 'forward' && p1 !== p2) {
    throw new RangeError(
      `forward partitioning needs equal parallelism upstream and downstream, got ${p1} and ${p2}; ` +
        'use rebalance, rescale, shuffle, broadcast or global instead',
    );
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** The consumer subtasks that producer subtask `producerIndex` sends to, in channel order. */
export function connectedConsumers(
  partitioner: PartitionerKind,
  producerIndex: number,
  p1: number,
  p2: number,
): number[] {
  checkArguments(partitioner, producerIndex, p1, p1, p2, 'producer');
  if (distributionPattern(partitioner) === 'ALL_TO_ALL') return range(0, p2);
  if (p1 >= p2) {
    // The consumer whose producer range [floor(j*p1/p2), floor((j+1)*p1/p2)) holds producerIndex.
    for (let j = 0; j < p2; j++) {
      if (producerIndex < Math.floor(((j + 1) * p1) / p2)) return [j];
    }
    return [p2 - 1];
  }
  const start = Math.floor((producerIndex * p2 + p1 - 1) / p1);
  const end = Math.floor(((producerIndex + 1) * p2 + p1 - 1) / p1);
  return range(start, end);
}

/** The producer subtasks that consumer subtask `consumerIndex` reads from, in channel order. */
export function connectedProducers(
  partitioner: PartitionerKind,
  consumerIndex: number,
  p1: number,
  p2: number,
): number[] {
  checkArguments(partitioner, consumerIndex, p2, p1, p2, 'consumer');
  if (distributionPattern(partitioner) === 'ALL_TO_ALL') return range(0, p1);
  if (p1 >= p2) {
    return range(Math.floor((consumerIndex * p1) / p2), Math.floor(((consumerIndex + 1) * p1) / p2));
  }
  // The producer whose consumer range [ceil(i*p2/p1), ceil((i+1)*p2/p1)) holds consumerIndex.
  for (let i = 0; i < p1; i++) {
    if (consumerIndex < Math.floor(((i + 1) * p2 + p1 - 1) / p1)) return [i];
  }
  return [p1 - 1];
}
