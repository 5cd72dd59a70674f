// Which executions a task failure restarts (Flink's jobmanager.execution.failover-strategy): 'region' (Flink's
// default) restarts the failed task's pipelined region, 'full' restarts the whole job. Read on the JobMaster thread.

export type FailoverStrategy = 'region' | 'full';

export const FAILOVER_STRATEGY_KEY = 'jobmanager.execution.failover-strategy';

/** The configured failover strategy; throws an Error naming the key and the accepted values on anything else. */
export function parseFailoverStrategy(config: Readonly<Record<string, string | undefined>>): FailoverStrategy {
  const raw = config[FAILOVER_STRATEGY_KEY];
  if (raw === undefined) return 'region';
  const value = raw.trim().toLowerCase();
  if (value === 'region' || value === 'full') return value;
  throw new Error(
    `Invalid value '${raw}' for ${FAILOVER_STRATEGY_KEY}: use 'region' (restart the failed task's pipelined ` +
      "region, the default) or 'full' (restart the whole job).",
  );
}
