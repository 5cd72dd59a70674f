// Flink's metric names (runtime/metrics/MetricNames.java and the metrics documentation), so that dashboards,
// REST clients and Prometheus queries written for Flink find the same series.

export const SUFFIX_RATE = 'PerSecond';

export const IO_NUM_RECORDS_IN = 'numRecordsIn';
export const IO_NUM_RECORDS_OUT = 'numRecordsOut';
export const IO_NUM_RECORDS_IN_RATE = `${IO_NUM_RECORDS_IN}${SUFFIX_RATE}`;
export const IO_NUM_RECORDS_OUT_RATE = `${IO_NUM_RECORDS_OUT}${SUFFIX_RATE}`;

export const IO_NUM_BYTES_IN = 'numBytesIn';
export const IO_NUM_BYTES_OUT = 'numBytesOut';
export const IO_NUM_BYTES_IN_RATE = `${IO_NUM_BYTES_IN}${SUFFIX_RATE}`;
export const IO_NUM_BYTES_OUT_RATE = `${IO_NUM_BYTES_OUT}${SUFFIX_RATE}`;

export const IO_NUM_BUFFERS_OUT = 'numBuffersOut';
export const IO_NUM_BUFFERS_OUT_RATE = `${IO_NUM_BUFFERS_OUT}${SUFFIX_RATE}`;

export const IO_CURRENT_INPUT_WATERMARK = 'currentInputWatermark';
export const IO_CURRENT_OUTPUT_WATERMARK = 'currentOutputWatermark';
/** currentInput<N>Watermark for the N-th input (1-based) of a multi-input operator. */
export function currentInputWatermarkName(inputIndex: number): string {
  return `currentInput${inputIndex}Watermark`;
}
export const NUM_LATE_RECORDS_DROPPED = 'numLateRecordsDropped';

export const TASK_IDLE_TIME = `idleTimeMs${SUFFIX_RATE}`;
export const TASK_BUSY_TIME = `busyTimeMs${SUFFIX_RATE}`;
export const TASK_BACK_PRESSURED_TIME = `backPressuredTimeMs${SUFFIX_RATE}`;
export const TASK_SOFT_BACK_PRESSURED_TIME = `softBackPressuredTimeMs${SUFFIX_RATE}`;
export const TASK_HARD_BACK_PRESSURED_TIME = `hardBackPressuredTimeMs${SUFFIX_RATE}`;
export const TASK_MAX_SOFT_BACK_PRESSURED_TIME = 'maxSoftBackPressureTimeMs';
export const TASK_MAX_HARD_BACK_PRESSURED_TIME = 'maxHardBackPressureTimeMs';
export const IS_BACK_PRESSURED = 'isBackPressured';

// Accumulated time in each state since the task started; REST sums them into a vertex's accumulated-*-time fields.
export const ACC_TASK_BUSY_TIME = 'accumulatedBusyTime';
export const ACC_TASK_BACK_PRESSURED_TIME = 'accumulatedBackPressuredTimeMs';
export const ACC_TASK_IDLE_TIME = 'accumulatedIdleTimeMs';

export const NUM_FIRED_TIMERS = 'numFiredTimers';
export const NUM_FIRED_TIMERS_RATE = `${NUM_FIRED_TIMERS}${SUFFIX_RATE}`;
export const MAILBOX_THROUGHPUT = 'mailboxMailsPerSecond';
export const MAILBOX_LATENCY = 'mailboxLatencyMs';
export const MAILBOX_SIZE = 'mailboxQueueSize';

export const CHECKPOINT_ALIGNMENT_TIME = 'checkpointAlignmentTime';
export const CHECKPOINT_START_DELAY_TIME = 'checkpointStartDelayNanos';

export const NUM_RUNNING_JOBS = 'numRunningJobs';
export const TASK_SLOTS_AVAILABLE = 'taskSlotsAvailable';
export const TASK_SLOTS_TOTAL = 'taskSlotsTotal';
export const NUM_REGISTERED_TASK_MANAGERS = 'numRegisteredTaskManagers';
export const NUM_RESTARTS = 'numRestarts';
