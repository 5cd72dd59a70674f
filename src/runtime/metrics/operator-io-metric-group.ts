import { MeterView } from './meter-view.js';
import { type Counter, type MetricClock, monotonicClock } from './metric.js';
import type { MetricGroup } from './metric-group.js';
import * as names from './metric-names.js';
import { SimpleCounter } from './simple-counter.js';

/**
 * Flink's OperatorIOMetricGroup: numRecordsIn/Out and their PerSecond rates for one operator of a chain, on the
 * operator's group. Thread: the task's worker; counters are incremented per batch by the operator chain.
 */
export class OperatorIOMetricGroup {
  readonly numRecordsIn: Counter = new SimpleCounter();
  readonly numRecordsOut: Counter = new SimpleCounter();
  readonly numRecordsInRate: MeterView;
  readonly numRecordsOutRate: MeterView;

  constructor(group: MetricGroup, clock: MetricClock = monotonicClock) {
    this.numRecordsInRate = new MeterView(this.numRecordsIn, { clock });
    this.numRecordsOutRate = new MeterView(this.numRecordsOut, { clock });
    group.counter(names.IO_NUM_RECORDS_IN, this.numRecordsIn);
    group.counter(names.IO_NUM_RECORDS_OUT, this.numRecordsOut);
    group.meter(names.IO_NUM_RECORDS_IN_RATE, this.numRecordsInRate);
    group.meter(names.IO_NUM_RECORDS_OUT_RATE, this.numRecordsOutRate);
  }
}
