import type { JobGraph } from '../graph/job-graph.js';
import type { StreamEdge, StreamGraph } from '../graph/stream-graph.js';
import { connectedConsumers, createChannelSelector } from '../runtime/network/channel-selector.js';
import {
  END_OF_PARTITION,
  WATERMARK_STATUS_ACTIVE,
  WATERMARK_STATUS_IDLE,
  watermark,
} from '../runtime/network/stream-event.js';
import type { NetworkOutput } from '../runtime/taskmanager/task/operator-chain.js';
import type { DriverSubtask } from './driver-subtask.js';

// The JobTestDriver's stand-in for a record writer: the edge's real channel selector (key groups for keyBy,
// round robin for rebalance, ...) picks the consumer subtask, and the record goes into that subtask's inbox.
// Records are passed as objects, as between two subtasks of one worker. Always available (no credit).

/** A seeded generator for shuffle/rebalance, so a test run is repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function driverNetworkOutput(
  streamGraph: StreamGraph,
  jobGraph: JobGraph,
  subtasksOf: (vertexId: string) => readonly DriverSubtask[],
): (edge: StreamEdge, producerIndex: number) => NetworkOutput {
  return (edge, producerIndex) => {
    const producer = streamGraph.nodes.get(edge.sourceId);
    const consumer = streamGraph.nodes.get(edge.targetId);
    const vertex = jobGraph.vertices.find((v) => v.chain[0].nodeId === edge.targetId);
    if (producer === undefined || consumer === undefined || vertex === undefined) {
      throw new Error(`internal error: edge ${edge.id} does not lead to the head of a vertex`);
    }
    const kind = edge.partitioner.kind;
    const indexes = connectedConsumers(kind, producerIndex, producer.parallelism, consumer.parallelism);
    const selector = createChannelSelector(edge.partitioner, consumer.maxParallelism, seededRandom(producerIndex + 1));
    selector.setup(indexes.length);
    // Consumers are resolved on first use: they may be built after this producer.
    let targets: DriverSubtask[] | undefined;
    const resolve = (): DriverSubtask[] => {
      if (targets === undefined) {
        const all = subtasksOf(vertex.id);
        targets = indexes.map((i) => all[i]);
      }
      return targets;
    };
    const broadcast = (event: Parameters<DriverSubtask['deliverEvent']>[2]) => {
      for (const target of resolve()) target.deliverEvent(edge.id, producerIndex, event);
    };
    return {
      edgeId: edge.id,
      collect(value: unknown, timestamp: number): void {
        const all = resolve();
        if (selector.isBroadcast) {
          for (const target of all) target.deliverRecord(edge.id, producerIndex, value, timestamp);
        } else {
          all[selector.selectChannel(value)].deliverRecord(edge.id, producerIndex, value, timestamp);
        }
      },
      emitWatermark: (wm) => broadcast(watermark(wm)),
      emitWatermarkStatus: (idle) => broadcast(idle ? WATERMARK_STATUS_IDLE : WATERMARK_STATUS_ACTIVE),
      emitBarrier: (barrier) => broadcast(barrier),
      flushAll: () => {},
      isAvailable: () => true,
      whenAvailable: () => Promise.resolve(),
      close: () => broadcast(END_OF_PARTITION),
      abort: () => {},
    };
  };
}
