// Builds GET /jobs/:jobid/exceptions (Flink 2.x JobExceptionsInfoWithHistory) from an ArchivedJob.
import type { ArchivedFailure, ArchivedJob } from '../runtime/jobmanager/job-details.js';
import type { JobExceptionsInfoWithHistoryBody, RootExceptionInfoBody } from './rest-messages.js';

/** Flink's JobExceptionsHandler.MAX_NUMBER_EXCEPTION_TO_REPORT, used when maxExceptions is not given. */
export const DEFAULT_MAX_EXCEPTIONS = 20;

export interface ExceptionQuery {
  readonly maxExceptions: number;
  /** Only entries carrying all these labels (failureLabelFilter=key:value,...). */
  readonly labelFilter: Readonly<Record<string, string>>;
}

export function jobExceptionsInfo(job: ArchivedJob, query: ExceptionQuery): JobExceptionsInfoWithHistoryBody {
  const history = job.exceptionHistory ?? (job.failure === undefined ? [] : [job.failure]);
  const filtered = history.filter((f) => hasLabels(f, query.labelFilter));
  return {
    exceptionHistory: {
      entries: filtered.slice(0, query.maxExceptions).map(rootExceptionInfo),
      truncated: filtered.length > query.maxExceptions,
    },
  };
}

function hasLabels(failure: ArchivedFailure, filter: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(filter)) {
    if (failure.labels?.[key] !== filter[key]) return false;
  }
  return true;
}

function rootExceptionInfo(failure: ArchivedFailure): RootExceptionInfoBody {
  const name = failure.name ?? 'Error';
  const entry: {
    -readonly [K in keyof RootExceptionInfoBody]: RootExceptionInfoBody[K];
  } = {
    exceptionName: name,
    stacktrace: failure.stack !== '' ? failure.stack : `${name}: ${failure.message}`,
    timestamp: failure.timestamp,
    failureLabels: failure.labels ?? {},
    concurrentExceptions: [],
  };
  // Flink leaves these out (JsonInclude NON_NULL) when the failure did not come from a subtask.
  if (failure.taskName !== undefined) entry.taskName = failure.taskName;
  if (failure.endpoint !== undefined) entry.endpoint = failure.endpoint;
  if (failure.taskManagerId !== undefined) entry.taskManagerId = failure.taskManagerId;
  return entry;
}
