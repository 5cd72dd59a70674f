import { performance } from 'node:perf_hooks';
import { MIN_WATERMARK } from '../../../core/time.js';
import type { TaskMetricGroup } from '../../metrics/component-metric-groups.js';
import type { OperatorIOMetricGroup } from '../../metrics/operator-io-metric-group.js';
import type { TaskIOMetricGroup } from '../../metrics/task-io-metric-group.js';
import type { OperatorChain } from './operator-chain.js';
import type { StreamTask } from './stream-task.js';
import { diagnoseInput, diagnoseSplits, encodeInput, encodeSplits } from './watermark-diagnosis.js';

// Reads a task's counters (plain fields the hot path increments) into Flink-named metrics once per interval:
// numRecordsIn/Out and their per-second rates for the task and each operator, and the task's busy, idle and
// backpressured milliseconds per second. Nothing here runs per record.

export class TaskMetrics {
  private lastAt = performance.now();
  private lastIn = 0;
  private lastOut = 0;
  private lastIdle = 0;
  private lastBackPressured = 0;

  private readonly io: TaskIOMetricGroup;
  /** Per chain position: the operator's registry metrics and the counts already folded into them. */
  private readonly operators: Array<{ io: OperatorIOMetricGroup; in: number; out: number }>;

  constructor(
    private readonly task: StreamTask,
    private readonly chain: OperatorChain,
    group: TaskMetricGroup,
  ) {
    this.io = group.ioMetrics;
    this.operators = chain.vertex.chain.map((n) => ({
      io: group.getOrAddOperator(n.operatorId, n.name).ioMetrics,
      in: 0,
      out: 0,
    }));
  }

  /** Folds the plain per-operator counts into the registry's counters (numRecordsIn/Out and their rates). */
  private foldOperatorCounts(): void {
    const offset = this.chain.source === undefined ? 0 : 1;
    this.chain.hosts.forEach((host, i) => {
      const op = this.operators[i + offset];
      op.io.numRecordsIn.inc(host.recordsIn - op.in);
      op.in = host.recordsIn;
    });
    this.chain.outputs.forEach((out, i) => {
      const op = this.operators[i];
      op.io.numRecordsOut.inc(out.recordsOut - op.out);
      op.out = out.recordsOut;
    });
  }

  recordsIn(): number {
    return this.chain.head?.recordsIn ?? 0;
  }

  recordsOut(): number {
    let n = this.chain.source?.recordsOut ?? 0;
    if (this.chain.source === undefined) {
      // The chain's output is what its last operators emit: sum the outputs that have no chained successor.
      n = this.chain.outputs[this.chain.outputs.length - 1]?.recordsOut ?? 0;
    }
    return n;
  }

  /**
   * Watermarks (Flink's currentInputWatermark per task, currentInputWatermark/currentOutputWatermark per operator
   * by chain position) and the diagnosis of what holds the input back (watermark-diagnosis.ts). Watermarks stay
   * numbers here (±Infinity); REST renders them as Java longs.
   */
  private sampleWatermarks(metrics: Record<string, number>): void {
    const chain = this.chain;
    let taskInput = Number.POSITIVE_INFINITY;
    for (const input of this.task.inputs) {
      const d = diagnoseInput(input.inputIndex, input.watermarkValve);
      encodeInput(d, metrics);
      if (d.watermark < taskInput) taskInput = d.watermark;
    }
    metrics.currentInputWatermark = taskInput === Number.POSITIVE_INFINITY ? MIN_WATERMARK : taskInput;
    const offset = chain.source === undefined ? 0 : 1;
    if (chain.source !== undefined) {
      metrics['operator.0.currentInputWatermark'] = MIN_WATERMARK;
      if (chain.source.hasEventTime) encodeSplits(diagnoseSplits(chain.source.splitWatermarks()), metrics);
    }
    chain.hosts.forEach((host, i) => {
      metrics[`operator.${i + offset}.currentInputWatermark`] = host.currentWatermark;
      if (host.inputs === 2) {
        metrics[`operator.${i + offset}.currentInput1Watermark`] = host.inputWatermark(1);
        metrics[`operator.${i + offset}.currentInput2Watermark`] = host.inputWatermark(2);
      }
    });
    chain.outputs.forEach((out, i) => {
      metrics[`operator.${i}.currentOutputWatermark`] = out.currentWatermark;
    });
    // Flink's source watermarkLag: wall-clock now minus the last watermark, once there is a finite one.
    const sourceWatermark = chain.outputs[0]?.currentWatermark;
    if (chain.source !== undefined && Number.isFinite(sourceWatermark)) {
      metrics['operator.0.watermarkLag'] = Date.now() - sourceWatermark;
    }
  }

  /** Metrics since the previous call, as Flink names them. */
  sample(): Record<string, number> {
    const now = performance.now();
    const seconds = Math.max(0.001, (now - this.lastAt) / 1000);
    const recordsIn = this.recordsIn();
    const recordsOut = this.recordsOut();
    const { idleMs, backPressuredMs } = this.task.times;
    const idle = Math.min(1000, (idleMs - this.lastIdle) / seconds);
    const backPressured = Math.min(1000, (backPressuredMs - this.lastBackPressured) / seconds);
    const metrics: Record<string, number> = {
      numRecordsIn: recordsIn,
      numRecordsOut: recordsOut,
      numRecordsInPerSecond: (recordsIn - this.lastIn) / seconds,
      numRecordsOutPerSecond: (recordsOut - this.lastOut) / seconds,
      idleTimeMsPerSecond: idle,
      backPressuredTimeMsPerSecond: backPressured,
      busyTimeMsPerSecond: Math.max(0, 1000 - idle - backPressured),
    };
    // Operators are numbered by chain position (a source head is operator 0 and has no host).
    const offset = this.chain.source === undefined ? 0 : 1;
    this.chain.hosts.forEach((host, i) => {
      metrics[`operator.${i + offset}.numRecordsIn`] = host.recordsIn;
    });
    this.chain.outputs.forEach((out, i) => {
      metrics[`operator.${i}.numRecordsOut`] = out.recordsOut;
    });
    this.sampleWatermarks(metrics);
    // The registry's counters move per interval, not per record: the hot path only bumps plain fields.
    this.foldOperatorCounts();
    this.io.numRecordsIn.inc(recordsIn - this.lastIn);
    this.io.numRecordsOut.inc(recordsOut - this.lastOut);
    this.lastAt = now;
    this.lastIn = recordsIn;
    this.lastOut = recordsOut;
    this.lastIdle = idleMs;
    this.lastBackPressured = backPressuredMs;
    return metrics;
  }
}
