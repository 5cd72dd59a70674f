// Builds GET /config (DashboardConfiguration) and GET /overview (ClusterOverviewWithVersion).
import type { ArchivedJob } from '../runtime/jobmanager/job-details.js';
import type { ClusterOverviewInfo } from './rest-gateway.js';
import type { ClusterOverviewBody, DashboardConfigurationBody } from './rest-messages.js';
import { FLINK_COMPATIBLE_VERSION, WEIR_REVISION } from './version.js';

/** Flink's web.refresh-interval default, in milliseconds. */
export const DEFAULT_REFRESH_INTERVAL_MS = 3000;

export function dashboardConfiguration(
  config: Readonly<Record<string, string>>,
  now: number,
): DashboardConfigurationBody {
  return {
    'refresh-interval': durationMs(config, 'web.refresh-interval', DEFAULT_REFRESH_INTERVAL_MS),
    'timezone-name': timeZoneName(now),
    // As Flink: the offset in effect now (daylight saving included), in milliseconds.
    'timezone-offset': -new Date(now).getTimezoneOffset() * 60_000,
    'flink-version': FLINK_COMPATIBLE_VERSION,
    'flink-revision': WEIR_REVISION,
    features: {
      'web-submit': flag(config, 'web.submit.enable', true),
      'web-cancel': flag(config, 'web.cancel.enable', true),
      'web-rescale': flag(config, 'web.rescale.enable', false),
      'web-history': false,
    },
  };
}

/**
 * /overview. Job counts follow Flink's JobsOverview: FINISHED, CANCELED and FAILED jobs are counted as such, every
 * other status as running (or pending).
 */
export function clusterOverview(resources: ClusterOverviewInfo, jobs: readonly ArchivedJob[]): ClusterOverviewBody {
  let running = 0;
  let finished = 0;
  let cancelled = 0;
  let failed = 0;
  for (const job of jobs) {
    if (job.state === 'FINISHED') finished++;
    else if (job.state === 'CANCELED') cancelled++;
    else if (job.state === 'FAILED') failed++;
    else running++;
  }
  return {
    taskmanagers: resources.taskManagers,
    ...(resources.taskManagersBlocked ? { 'taskmanagers-blocked': resources.taskManagersBlocked } : {}),
    'slots-total': resources.slotsTotal,
    'slots-available': resources.slotsAvailable,
    ...(resources.slotsFreeAndBlocked ? { 'slots-free-and-blocked': resources.slotsFreeAndBlocked } : {}),
    'jobs-running': running,
    'jobs-finished': finished,
    'jobs-cancelled': cancelled,
    'jobs-failed': failed,
    'flink-version': FLINK_COMPATIBLE_VERSION,
    'flink-commit': WEIR_REVISION,
  };
}

/** The zone's long name, as Java's ZoneId.getDisplayName(FULL) gives it (e.g. "Coordinated Universal Time"). */
function timeZoneName(now: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' }).formatToParts(new Date(now));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function flag(config: Readonly<Record<string, string>>, key: string, fallback: boolean): boolean {
  const raw = config[key];
  if (raw === undefined) return fallback;
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new Error(`Configuration ${key}: expected true or false, got '${raw}'`);
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** A Flink duration option: a bare number is milliseconds; "3 s", "3000ms", "1 min" carry a unit. */
function durationMs(config: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const raw = config[key];
  if (raw === undefined) return fallback;
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m === null ? undefined : m[2] === '' ? 1 : UNIT_MS[m[2].toLowerCase()];
  if (m === null || unit === undefined) {
    throw new Error(`Configuration ${key}: expected a duration such as '3000' or '3 s', got '${raw}'`);
  }
  return Number(m[1]) * unit;
}
