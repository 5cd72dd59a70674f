// The /jars endpoints (Flink's web submission: JarUploadHandler, JarListHandler, JarRunHandler, JarPlanHandler,
// JarDeleteHandler) and POST /jobs. Flink's jars are Weir's bundled job modules (.js/.mjs); running one runs its main
// code in an isolated worker of the JobManager up to its first execute(), whose pipeline becomes the job.

import { rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ProgramError, type ProgramRequest } from '../runtime/job-loading/program-runner.js';
import { jarRunOptions } from './jar-run-request.js';
import { checkJarId } from './jar-store.js';
import { type JobSubmission, withFiles } from './job-submission.js';
import { refuseDuplicate, submissionOf, submitJob, submitOrFail } from './job-submit-handler.js';
import type { RequestContext } from './request-context.js';
import { RestError } from './rest-error.js';
import type { RestHandler } from './rest-handlers.js';
import type { Router } from './router.js';

const MODULE_NAME = /\.m?js$/;

export function addSubmissionRoutes(router: Router<RestHandler>): void {
  router
    .add('POST', '/jobs', withFiles(submitJob))
    .add('GET', '/jars', listJars)
    .add('POST', '/jars/upload', withFiles(uploadJar))
    .add('DELETE', '/jars/:jarid', deleteJar)
    .add('POST', '/jars/:jarid/run', runJar)
    .add('GET', '/jars/:jarid/plan', planJar)
    .add('POST', '/jars/:jarid/plan', planJar);
}

/** GET /jars: JarListInfo. Weir's modules have no entry classes, so `entry` is empty. */
async function listJars(ctx: RequestContext) {
  const { submission, address } = submissionOf(ctx);
  const jars = await submission.jars.list();
  return { address, files: jars.map((j) => ({ id: j.id, name: j.name, uploaded: j.uploaded, entry: [] })) };
}

/** POST /jars/upload: exactly one file, a .js or .mjs module; answers JarUploadResponseBody. */
async function uploadJar(ctx: RequestContext) {
  const { submission, uploads } = submissionOf(ctx);
  const files = uploads?.files ?? [];
  if (files.length !== 1) {
    throw new RestError(
      400,
      `Exactly 1 file must be sent, received ${files.length}. Send it as the form field 'jarfile'.`,
    );
  }
  const file = files[0] as (typeof files)[0];
  if (!MODULE_NAME.test(file.fileName)) {
    throw new RestError(
      400,
      `Only .js and .mjs job modules are allowed: Weir's jars are bundled job modules, got '${file.fileName}'.`,
    );
  }
  const jar = await submission.jars.add(file.path, file.fileName, ctx.now);
  // As Flink, `filename` is where the jar is stored; its last segment is the jar id.
  return { filename: jar.path, status: 'success' };
}

async function deleteJar(ctx: RequestContext) {
  const { submission } = submissionOf(ctx);
  await submission.jars.delete(ctx.params.jarid);
  return {};
}

/** POST /jars/:jarid/run: runs the module's main code to get its job, then submits it; answers {"jobid"}. */
async function runJar(ctx: RequestContext) {
  const { submission } = submissionOf(ctx);
  const jar = await submission.jars.get(checkJarId(ctx.params.jarid));
  const options = jarRunOptions(ctx.body, ctx.query, true);
  if (options.jobId !== undefined) await refuseDuplicate(ctx, options.jobId);
  // The job runs from its own copy: deleting the jar must not break a running job's restarts.
  const artifactUrl = await submission.artifacts.store(jar.path, 'copy');
  try {
    const { job } = await build(submission.buildProgram, { ...options, artifactUrl, jobFile: jar.name });
    await refuseDuplicate(ctx, job.jobGraph.jobId);
    await submitOrFail(submission, { ...job, artifactUrl });
    return { jobid: job.jobGraph.jobId };
  } catch (error) {
    await rm(fileURLToPath(artifactUrl), { force: true });
    throw error;
  }
}

/** GET or POST /jars/:jarid/plan: the plan of the module's job, built as run would build it; JobPlanInfo. */
async function planJar(ctx: RequestContext) {
  const { submission } = submissionOf(ctx);
  const jar = await submission.jars.get(checkJarId(ctx.params.jarid));
  const options = jarRunOptions(ctx.body, ctx.query, false);
  const artifactUrl = pathToFileURL(jar.path).href;
  const { plan } = await build(submission.buildProgram, { ...options, artifactUrl, jobFile: jar.name });
  return { plan };
}

/** A program that threw or gave no job is the request's fault: 400 "Could not execute application.", as Flink. */
async function build(run: JobSubmission['buildProgram'], request: ProgramRequest) {
  try {
    return await run(request);
  } catch (error) {
    if (error instanceof ProgramError) throw new RestError(400, `Could not execute application. ${error.message}`);
    throw error;
  }
}
