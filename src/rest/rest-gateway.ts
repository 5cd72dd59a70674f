// The seam between the REST endpoint and the cluster: the Dispatcher implements RestGateway; REST only reads.
import type { ArchivedJob } from '../runtime/jobmanager/job-details.js';

/** A value now or later: gateways may answer from memory or over RPC. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The cluster's resources as the ResourceManager sees them (Flink's ResourceOverview). Job counts for /overview are
 * derived from listJobs(), so the gateway does not report them twice.
 */
export interface ClusterOverviewInfo {
  readonly taskManagers: number;
  readonly slotsTotal: number;
  readonly slotsAvailable: number;
  readonly taskManagersBlocked?: number;
  readonly slotsFreeAndBlocked?: number;
}

/** A registered TaskManager as the ResourceManager sees it (for GET /taskmanagers). */
export interface TaskManagerDescription {
  /** Flink's ResourceID string. */
  readonly id: string;
  /** Its RPC address (Flink's "path"). */
  readonly address: string;
  readonly host: string;
  readonly slotsTotal: number;
  readonly slotsFree: number;
  /** When it last reported (ms since epoch); undefined when unknown (REST then shows the request time). */
  readonly lastHeartbeat?: number;
}

/**
 * What the REST endpoint asks of the Dispatcher (Flink's RestfulGateway, the part served so far). Called on the
 * JobManager's main thread for each request; answers must be plain data that REST may read but never mutates.
 */
export interface RestGateway {
  clusterOverview(): MaybePromise<ClusterOverviewInfo>;
  /** Running and finished jobs the Dispatcher still knows, in the order /jobs lists them. */
  listJobs(): MaybePromise<readonly ArchivedJob[]>;
  /** `jobId` is 32 lowercase hex characters; undefined when the job is unknown. */
  getJob(jobId: string): MaybePromise<ArchivedJob | undefined>;
  /** The cluster's configuration (Flink keys), read by GET /config (web.refresh-interval, web.*.enable). */
  clusterConfig(): MaybePromise<Readonly<Record<string, string>>>;
  /** The registered TaskManagers, in registration order. */
  taskManagers(): MaybePromise<readonly TaskManagerDescription[]>;
  /**
   * Cancels a known job (REST checked it exists); a job already ended is left alone. Resolves once the
   * cancellation was requested, not when the job reached CANCELED (Flink's Dispatcher.cancelJob acknowledges early).
   */
  cancelJob(jobId: string): MaybePromise<void>;
  /**
   * Takes a savepoint of a running job (into `targetDirectory`, else the job's execution.checkpointing.savepoint-dir);
   * resolves with its location once complete, rejects when it failed.
   */
  triggerSavepoint(jobId: string, targetDirectory: string | undefined): Promise<string>;
  /** Stops a running job with a savepoint (`drain`: event time advances to its end first); resolves with its location. */
  stopWithSavepoint(jobId: string, targetDirectory: string | undefined, drain: boolean): Promise<string>;
}
