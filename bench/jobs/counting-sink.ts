import type { Sink, SinkInitContext, SinkWriter } from 'weir';

/**
 * Nexmark's blackhole sink that also counts: each subtask sends its count home through the collect channel at the
 * end of input. It never marks its batch `last` (the first `last` would end the stream for every subtask and lose
 * the other subtasks' counts); the stream ends when the job does. Called on the sink subtask's task thread.
 */
export class CountingSink implements Sink<unknown> {
  constructor(private readonly reportId: string) {}

  createWriter(context: SinkInitContext): SinkWriter<unknown> {
    const reportId = this.reportId;
    let count = 0;
    return {
      write() {
        count++;
      },
      flush(endOfInput: boolean) {
        if (endOfInput) context.sendToClient(reportId, [{ subtask: context.subtaskId, count }], false);
      },
      close() {},
    };
  }
}
