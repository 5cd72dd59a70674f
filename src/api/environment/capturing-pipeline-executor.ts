import type { JobClient, JobExecutionResult, JobStatus } from '../execution/job-client.js';
import type { Pipeline, PipelineExecutor } from '../execution/pipeline-executor.js';

// Test doubles for the seam between the API and a cluster: an executor that records the pipelines it is given and
// a job client whose results and collect batches the test scripts. Used by the API's own tests; the public testing
// harness may build on them.

export interface FakeJobScript {
  /** Batches the job's collect sink "sends", in order. */
  readonly batches?: readonly unknown[][];
  /** Rejects getJobExecutionResult (and ends collect() with this error) when set. */
  readonly failure?: Error;
}

/** A JobClient that plays back scripted collect batches; records cancel() and status queries. */
export class FakeJobClient implements JobClient {
  status: JobStatus = 'RUNNING';
  cancelCalls = 0;
  collectIds: string[] = [];
  /** How many collect batches were handed out. */
  batchesServed = 0;

  constructor(
    readonly jobId: string,
    private readonly jobName: string,
    private readonly script: FakeJobScript = {},
  ) {}

  async getJobStatus(): Promise<JobStatus> {
    return this.status;
  }

  async cancel(): Promise<void> {
    this.cancelCalls++;
    this.status = 'CANCELED';
  }

  async triggerSavepoint(directory?: string): Promise<string> {
    return `${directory ?? '/savepoints'}/savepoint-fake`;
  }

  async stopWithSavepoint(_drain: boolean, directory?: string): Promise<string> {
    this.status = 'FINISHED';
    return `${directory ?? '/savepoints'}/savepoint-fake`;
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    if (this.script.failure !== undefined) throw this.script.failure;
    return { jobId: this.jobId, jobName: this.jobName, netRuntime: 1, accumulators: {} };
  }

  async *collect(collectId: string): AsyncIterableIterator<unknown[]> {
    this.collectIds.push(collectId);
    for (const batch of this.script.batches ?? []) {
      if (this.status === 'CANCELED') return;
      this.batchesServed++;
      yield batch;
    }
    if (this.script.failure !== undefined) {
      this.status = 'FAILED';
      throw this.script.failure;
    }
    this.status = 'FINISHED';
  }
}

/** Records every pipeline and answers with a FakeJobClient following `script`. */
export class CapturingPipelineExecutor implements PipelineExecutor {
  readonly pipelines: Pipeline[] = [];
  readonly clients: FakeJobClient[] = [];

  constructor(private readonly script: FakeJobScript = {}) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    this.pipelines.push(pipeline);
    const id = this.pipelines.length.toString(16).padStart(32, '0');
    const client = new FakeJobClient(id, pipeline.jobName, this.script);
    this.clients.push(client);
    return client;
  }

  get last(): Pipeline {
    const pipeline = this.pipelines.at(-1);
    if (pipeline === undefined) throw new Error('no pipeline was executed');
    return pipeline;
  }
}
