import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Sink, SinkInitContext, SinkWriter } from 'weir';

/**
 * A sink that counts records and, at the end, reports how long its subtask saw records flowing (first record to
 * end of input), so throughput excludes cluster start-up. The report goes home through the collect channel, or,
 * with the report id '-' (a job on a cluster, which has no collect client), as a line on the TaskManager's stdout:
 * `throughput-report <subtask> <count> <ms>`.
 */
export class ThroughputSink implements Sink<unknown> {
  constructor(private readonly reportId: string) {}

  createWriter(context: SinkInitContext): SinkWriter<unknown> {
    const reportId = this.reportId;
    let count = 0;
    let first = 0;
    return {
      write() {
        if (count++ === 0) first = performance.now();
      },
      flush(endOfInput: boolean) {
        if (endOfInput) {
          // Not `last`: the first subtask's last batch would end the stream for all of them; it ends with the job.
          const report = { subtask: context.subtaskId, count, ms: count === 0 ? 0 : performance.now() - first };
          if (reportId === '-') writeSync(1, `throughput-report ${report.subtask} ${report.count} ${report.ms}\n`);
          else context.sendToClient(reportId, [report], false);
        }
      },
      close() {},
    };
  }
}
