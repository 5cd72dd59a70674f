// POST /jobs (Flink's JobSubmitHandler): a multipart body with a `request` part (JobSubmitRequestBody JSON) and file
// parts: the JobGraph file the client built and the job's bundled module (its "jar"). Answers 202 with the job's URL.
// The files are matched by the names the request gives, which are only ever compared, never used as paths.

import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeJobGraphFile } from '../runtime/client/job-graph-file.js';
import type { UploadedFile } from './file-upload.js';
import type { JobSubmission, SubmissionContext } from './job-submission.js';
import { type RequestContext, RestReply } from './request-context.js';
import { RestError } from './rest-error.js';

/** Flink's JobSubmitRequestBody; file names refer to the file parts' names. */
export interface JobSubmitRequestBody {
  readonly jobGraphFileName: string;
  readonly jobJarFileNames: readonly string[];
  readonly jobArtifactFileNames: readonly { readonly entryName: string; readonly fileName: string }[];
}

const MODULE_NAME = /\.m?js$/;

export async function submitJob(ctx: RequestContext): Promise<RestReply> {
  const { submission, uploads } = submissionOf(ctx);
  const request = requestBodyOf(uploads?.fields.get('request'));
  const files = filesByName(uploads?.files ?? []);
  const graphFile = uploadedFile(files, request.jobGraphFileName, 'JobGraph');
  if (request.jobArtifactFileNames.length > 0) {
    throw new RestError(
      400,
      "jobArtifactFileNames (Flink's distributed cache files) are not supported by Weir: ship data inside the job " +
        'module or read it from storage every TaskManager sees.',
    );
  }
  if (request.jobJarFileNames.length !== 1) {
    throw new RestError(
      400,
      `A Weir job has exactly one bundled module: jobJarFileNames must name one .mjs file, it names ${request.jobJarFileNames.length}.`,
    );
  }
  const moduleName = request.jobJarFileNames[0] as string;
  const moduleFile = uploadedFile(files, moduleName, 'Jar');
  if (!MODULE_NAME.test(moduleName)) {
    throw new RestError(400, `Only .js and .mjs job modules are allowed as jars, got '${moduleName}'.`);
  }
  let job: ReturnType<typeof decodeJobGraphFile>;
  try {
    job = decodeJobGraphFile(await readFile(graphFile.path));
  } catch (error) {
    throw new RestError(
      400,
      `Failed to deserialize JobGraph ${request.jobGraphFileName}: ${(error as Error).message}.`,
    );
  }
  const jobId = job.jobGraph.jobId;
  await refuseDuplicate(ctx, jobId);
  const artifactUrl = await submission.artifacts.store(moduleFile.path, 'move');
  try {
    await submitOrFail(submission, { ...job, artifactUrl });
  } catch (error) {
    await rm(fileURLToPath(artifactUrl), { force: true });
    throw error;
  }
  return new RestReply(202, { jobUrl: `/jobs/${jobId}` });
}

/** The submission context, or a 404 saying why this endpoint takes no jobs. */
export function submissionOf(ctx: RequestContext): SubmissionContext {
  if (ctx.submission === undefined) {
    throw new RestError(
      404,
      "Not found: this REST endpoint takes no job submissions (a 'weir run' MiniCluster runs only its own job; " +
        "a JobManager with web.submit.enable: false refuses them). Submit to a cluster started with 'weir cluster start'.",
    );
  }
  return ctx.submission;
}

/** Flink answers a JobID that is already known with 409 (DuplicateJobSubmissionException). */
export async function refuseDuplicate(ctx: RequestContext, jobId: string): Promise<void> {
  if ((await ctx.gateway.getJob(jobId)) !== undefined) {
    throw new RestError(409, `Job has already been submitted: a job with JobID ${jobId} exists. Give a new job id.`);
  }
}

export async function submitOrFail(submission: JobSubmission, info: Parameters<JobSubmission['submitJob']>[0]) {
  try {
    await submission.submitJob(info);
  } catch (error) {
    throw new RestError(500, `Job submission failed: ${(error as Error).message}`);
  }
}

function requestBodyOf(text: string | undefined): JobSubmitRequestBody {
  if (text === undefined) {
    throw new RestError(
      400,
      "Bad request: the multipart body has no 'request' part: send the JobSubmitRequestBody JSON as the form field " +
        "'request' next to the files.",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RestError(400, `Bad request: the 'request' part is not valid JSON (${(error as Error).message}).`);
  }
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const jobGraphFileName = body.jobGraphFileName;
  const jars = body.jobJarFileNames ?? [];
  const artifacts = body.jobArtifactFileNames ?? [];
  if (typeof jobGraphFileName !== 'string' || jobGraphFileName === '') {
    throw new RestError(
      400,
      "Bad request: the 'request' part has no jobGraphFileName (the name of the JobGraph file part).",
    );
  }
  if (!Array.isArray(jars) || !jars.every((j) => typeof j === 'string')) {
    throw new RestError(400, "Bad request: jobJarFileNames in the 'request' part must be an array of file names.");
  }
  if (!Array.isArray(artifacts)) {
    throw new RestError(400, "Bad request: jobArtifactFileNames in the 'request' part must be an array.");
  }
  return { jobGraphFileName, jobJarFileNames: jars, jobArtifactFileNames: artifacts };
}

function filesByName(files: readonly UploadedFile[]): Map<string, UploadedFile> {
  const byName = new Map<string, UploadedFile>();
  for (const file of files) {
    if (byName.has(file.fileName)) {
      throw new RestError(400, `Bad request: two file parts have the same file name '${file.fileName}'.`);
    }
    byName.set(file.fileName, file);
  }
  return byName;
}

/** Flink's words: "<type> file <name> could not be found on the server." */
function uploadedFile(files: Map<string, UploadedFile>, name: string, type: string): UploadedFile {
  const file = files.get(name);
  if (file === undefined) {
    const sent = [...files.keys()].map((n) => `'${n}'`).join(', ') || 'none';
    throw new RestError(
      400,
      `${type} file ${name.slice(0, 100)} could not be found on the server: no file part has that file name (sent: ${sent}).`,
    );
  }
  return file;
}
