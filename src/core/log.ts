// A minimal leveled logger for the runtime's lifecycle events (restarts, checkpoints). Lines go to stderr as
// "<ISO time> <LEVEL> <component> - <message>", like Flink's log4j pattern. The level comes from WEIR_LOG_LEVEL
// (debug, info, warn, error, off; default warn), read once. Never called per record.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Readonly<Record<LogLevel | 'off', number>> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

function configuredLevel(): number {
  const raw = (process.env.WEIR_LOG_LEVEL ?? 'warn').toLowerCase();
  return raw in ORDER ? ORDER[raw as LogLevel] : ORDER.warn;
}

let threshold = configuredLevel();

/** For tests and the CLI: changes the level of this thread. */
export function setLogLevel(level: LogLevel | 'off'): void {
  threshold = ORDER[level];
}

export function log(level: LogLevel, component: string, message: string): void {
  if (ORDER[level] < threshold) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${component} - ${message}\n`);
}
