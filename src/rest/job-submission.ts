// What the submission endpoints (POST /jobs, /jars) need from the JobManager: where uploads go, the size limit, the
// stores of jars and job artifacts, and the Dispatcher's submitJob. Absent on a `weir run` MiniCluster's REST
// endpoint (it takes no submissions) and when web.submit.enable is false. Used on the JobManager's main thread.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactStore } from '../runtime/cluster/artifact-store.js';
import { type BuiltProgram, buildProgram, type ProgramRequest } from '../runtime/job-loading/program-runner.js';
import type { JobInformation } from '../runtime/rpc/gateways.js';
import type { MultipartRequest } from './file-upload.js';
import { JarStore } from './jar-store.js';
import type { RestHandler } from './rest-handlers.js';

export interface JobSubmission {
  /** Hands a job to the Dispatcher; resolves once it was accepted. */
  submitJob(info: JobInformation): Promise<void>;
  /** Runs an uploaded module's main code in an isolated worker to get its job (buildProgram; tests inject). */
  buildProgram(request: ProgramRequest): Promise<BuiltProgram>;
  readonly jars: JarStore;
  readonly artifacts: ArtifactStore;
  /** Where multipart requests are received, one fresh directory per request. */
  readonly incomingDir: string;
  /** rest.server.max-content-length. */
  readonly maxContentLength: number;
  /** Removes in-flight uploads and job artifacts; jars too unless `keepJars` (web.upload.dir was configured). */
  close(): Promise<void>;
}

export interface JobSubmissionOptions {
  /** web.upload.dir: jars/, jobs/ and incoming/ go under it. */
  readonly uploadDir: string;
  readonly maxContentLength: number;
  /** Keep uploaded jars when the JobManager stops (a configured web.upload.dir, as Flink keeps its jar dir). */
  readonly keepJars: boolean;
  readonly submitJob: (info: JobInformation) => Promise<unknown>;
  readonly buildProgram?: (request: ProgramRequest) => Promise<BuiltProgram>;
}

export function createJobSubmission(options: JobSubmissionOptions): JobSubmission {
  const jars = new JarStore(join(options.uploadDir, 'jars'));
  const artifacts = new ArtifactStore(join(options.uploadDir, 'jobs'));
  const incomingDir = join(options.uploadDir, 'incoming');
  return {
    submitJob: async (info) => {
      await options.submitJob(info);
    },
    buildProgram: options.buildProgram ?? ((request) => buildProgram(request)),
    jars,
    artifacts,
    incomingDir,
    maxContentLength: options.maxContentLength,
    async close() {
      await rm(incomingDir, { recursive: true, force: true });
      await artifacts.clear();
      if (!options.keepJars) await rm(options.uploadDir, { recursive: true, force: true });
    },
  };
}

/** What a request to a submission endpoint gets besides the common context. */
export interface SubmissionContext {
  readonly submission: JobSubmission;
  /** The parsed multipart body, for handlers marked with takesFiles. */
  readonly uploads: MultipartRequest | undefined;
  /** This endpoint's URL (JarListInfo.address). */
  readonly address: string;
}

const FILE_HANDLERS = new WeakSet<RestHandler>();

/** Marks a handler whose request is a multipart upload: the server streams it to disk instead of reading JSON. */
export function withFiles(handler: RestHandler): RestHandler {
  FILE_HANDLERS.add(handler);
  return handler;
}

export function takesFiles(handler: RestHandler): boolean {
  return FILE_HANDLERS.has(handler);
}
