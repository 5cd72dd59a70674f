import { MeterView } from './meter-view.js';
import { type Counter, type MetricClock, monotonicClock } from './metric.js';
import type { MetricGroup } from './metric-group.js';
import * as names from './metric-names.js';
import { SimpleCounter } from './simple-counter.js';
import { TimerGauge } from './timer-gauge.js';

/**
 * What a task is doing, for time-in-state metrics. 'softBackPressured': output unavailable, the task waits but still
 * handles mails (checkpoints, timers); 'hardBackPressured': blocked with no way to react (Flink's two kinds).
 */
export type TaskActivity = 'busy' | 'idle' | 'softBackPressured' | 'hardBackPressured';

/**
 * Flink's TaskIOMetricGroup: the standard task metrics, registered on the task's group under Flink's names —
 * numRecordsIn/Out, numBytesIn/Out (+PerSecond), numBuffersOut, numFiredTimers, idleTimeMsPerSecond,
 * soft/hard/backPressuredTimeMsPerSecond, busyTimeMsPerSecond, isBackPressured and the accumulated times.
 *
 * Thread: the task's worker. The runtime increments the counters per batch (counter.inc(batchSize)) and calls
 * setActivity() on transitions (input empty → idle, output unavailable → back pressured, work → busy); rates and
 * time-per-second values are recomputed by the registry's view tick, never per record.
 */
export class TaskIOMetricGroup {
  readonly numRecordsIn: Counter = new SimpleCounter();
  readonly numRecordsOut: Counter = new SimpleCounter();
  readonly numBytesIn: Counter = new SimpleCounter();
  readonly numBytesOut: Counter = new SimpleCounter();
  readonly numBuffersOut: Counter = new SimpleCounter();
  readonly numFiredTimers: Counter = new SimpleCounter();
  readonly numRecordsInRate: MeterView;
  readonly numRecordsOutRate: MeterView;
  readonly numBytesInRate: MeterView;
  readonly numBytesOutRate: MeterView;
  readonly idleTime: TimerGauge;
  readonly softBackPressuredTime: TimerGauge;
  readonly hardBackPressuredTime: TimerGauge;
  private readonly clock: MetricClock;
  private activity: TaskActivity = 'busy';
  private taskStart = Number.NaN;

  constructor(group: MetricGroup, clock: MetricClock = monotonicClock) {
    this.clock = clock;
    const meter = (c: Counter) => new MeterView(c, { clock });
    this.numRecordsInRate = meter(this.numRecordsIn);
    this.numRecordsOutRate = meter(this.numRecordsOut);
    this.numBytesInRate = meter(this.numBytesIn);
    this.numBytesOutRate = meter(this.numBytesOut);
    this.idleTime = new TimerGauge(clock);
    this.softBackPressuredTime = new TimerGauge(clock);
    this.hardBackPressuredTime = new TimerGauge(clock);

    group.counter(names.IO_NUM_BYTES_IN, this.numBytesIn);
    group.counter(names.IO_NUM_BYTES_OUT, this.numBytesOut);
    group.meter(names.IO_NUM_BYTES_IN_RATE, this.numBytesInRate);
    group.meter(names.IO_NUM_BYTES_OUT_RATE, this.numBytesOutRate);
    group.counter(names.IO_NUM_RECORDS_IN, this.numRecordsIn);
    group.counter(names.IO_NUM_RECORDS_OUT, this.numRecordsOut);
    group.meter(names.IO_NUM_RECORDS_IN_RATE, this.numRecordsInRate);
    group.meter(names.IO_NUM_RECORDS_OUT_RATE, this.numRecordsOutRate);
    group.counter(names.IO_NUM_BUFFERS_OUT, this.numBuffersOut);
    group.meter(names.IO_NUM_BUFFERS_OUT_RATE, new MeterView(this.numBuffersOut, { clock }));
    group.counter(names.NUM_FIRED_TIMERS, this.numFiredTimers);
    group.meter(names.NUM_FIRED_TIMERS_RATE, new MeterView(this.numFiredTimers, { clock }));
    group.gauge(names.TASK_IDLE_TIME, this.idleTime);
    group.gauge(names.TASK_SOFT_BACK_PRESSURED_TIME, this.softBackPressuredTime);
    group.gauge(names.TASK_HARD_BACK_PRESSURED_TIME, this.hardBackPressuredTime);
    group.gauge(names.TASK_BACK_PRESSURED_TIME, () => this.getBackPressuredTimeMsPerSecond());
    group.gauge(names.TASK_MAX_SOFT_BACK_PRESSURED_TIME, () => this.softBackPressuredTime.getMaxSingleMeasurement());
    group.gauge(names.TASK_MAX_HARD_BACK_PRESSURED_TIME, () => this.hardBackPressuredTime.getMaxSingleMeasurement());
    group.gauge(names.TASK_BUSY_TIME, () => this.getBusyTimeMsPerSecond());
    group.gauge(names.IS_BACK_PRESSURED, () => this.isBackPressured());
    group.gauge(names.ACC_TASK_BUSY_TIME, () => this.getAccumulatedBusyTime());
    group.gauge(names.ACC_TASK_BACK_PRESSURED_TIME, () => this.getAccumulatedBackPressuredTimeMs());
    group.gauge(names.ACC_TASK_IDLE_TIME, () => this.idleTime.getAccumulatedCount());
  }

  /** Marks the start of processing (RUNNING); accumulated busy time counts from here. */
  markTaskStart(now: number = this.clock()): void {
    this.taskStart = now;
  }

  /** Records a transition; repeating the current activity is a cheap no-op. */
  setActivity(next: TaskActivity, now: number = this.clock()): void {
    if (next === this.activity) return;
    this.gaugeOf(this.activity)?.markEnd(now);
    this.gaugeOf(next)?.markStart(now);
    this.activity = next;
  }

  getActivity(): TaskActivity {
    return this.activity;
  }

  isBackPressured(): boolean {
    return this.activity === 'softBackPressured' || this.activity === 'hardBackPressured';
  }

  getBackPressuredTimeMsPerSecond(): number {
    return this.softBackPressuredTime.getValue() + this.hardBackPressuredTime.getValue();
  }

  /** 1000 minus idle and back-pressured time, so the three time metrics add up to 1000 (as Flink computes it). */
  getBusyTimeMsPerSecond(): number {
    return 1000 - Math.min(this.idleTime.getValue() + this.getBackPressuredTimeMsPerSecond(), 1000);
  }

  getAccumulatedBackPressuredTimeMs(now: number = this.clock()): number {
    return this.softBackPressuredTime.getAccumulatedCount(now) + this.hardBackPressuredTime.getAccumulatedCount(now);
  }

  /** Time since markTaskStart() neither idle nor back pressured; NaN before the task started (as Flink). */
  getAccumulatedBusyTime(now: number = this.clock()): number {
    if (Number.isNaN(this.taskStart)) return Number.NaN;
    const other = this.idleTime.getAccumulatedCount(now) + this.getAccumulatedBackPressuredTimeMs(now);
    return Math.max(now - this.taskStart - other, 0);
  }

  private gaugeOf(activity: TaskActivity): TimerGauge | undefined {
    switch (activity) {
      case 'busy':
        return undefined;
      case 'idle':
        return this.idleTime;
      case 'softBackPressured':
        return this.softBackPressuredTime;
      case 'hardBackPressured':
        return this.hardBackPressuredTime;
      default: {
        const never: never = activity;
        throw new Error(`Unknown task activity: ${String(never)}`);
      }
    }
  }
}
