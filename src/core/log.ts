import pino from 'pino';

// A minimal leveled logger for the runtime's lifecycle events (restarts, checkpoints, heartbeats). Never called per
// record. The level comes from WEIR_LOG_LEVEL (debug, info, warn, error, off; default warn), read once per thread.
// Two formats: plain lines on stderr, "<ISO time> <LEVEL> <component> - <message>" like Flink's log4j pattern (the
// CLI's default), or JSON lines through pino (WEIR_LOG_FORMAT=json; the JobManager and TaskManager processes use it,
// with their role in every line, so `weir cluster start` writes one structured log file per process).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Readonly<Record<LogLevel | 'off', number>> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

function configuredLevel(): number {
  const raw = (process.env.WEIR_LOG_LEVEL ?? 'warn').toLowerCase();
  return raw in ORDER ? ORDER[raw as LogLevel] : ORDER.warn;
}

let threshold = configuredLevel();
let json: pino.Logger | undefined = process.env.WEIR_LOG_FORMAT === 'json' ? jsonLogger() : undefined;

function jsonLogger(): pino.Logger {
  const role = process.env.WEIR_LOG_ROLE;
  return pino(
    { level: 'debug', base: role === undefined ? { pid: process.pid } : { role, pid: process.pid } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** For tests and the CLI: changes the level of this thread. */
export function setLogLevel(level: LogLevel | 'off'): void {
  threshold = ORDER[level];
}

/**
 * Switches this process to JSON lines (pino) tagged with `role`; worker threads started afterwards follow (they
 * inherit the environment).
 */
export function useJsonLogs(role: string): void {
  process.env.WEIR_LOG_FORMAT = 'json';
  process.env.WEIR_LOG_ROLE = role;
  json = jsonLogger();
}

export function log(level: LogLevel, component: string, message: string): void {
  if (ORDER[level] < threshold) return;
  write(level, component, message);
}

/** An info line written whatever the level (a process's start and stop lines, which tools wait for). */
export function logAlways(component: string, message: string): void {
  write('info', component, message);
}

function write(level: LogLevel, component: string, message: string): void {
  if (json !== undefined) {
    json[level]({ component }, message);
    return;
  }
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${component} - ${message}\n`);
}
