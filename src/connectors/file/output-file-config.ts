import { basename, dirname, join } from 'node:path';

// Names of the FileSink's part files (Flink's OutputFileConfig and its local RecoverableWriter): a part is written
// under a hidden temporary name and renamed to its visible name when committed.

export interface OutputFileConfig {
  /** Default 'part'. */
  readonly partPrefix: string;
  /** Default '' (e.g. '.txt'). */
  readonly partSuffix: string;
}

export const DEFAULT_OUTPUT_FILE_CONFIG: OutputFileConfig = { partPrefix: 'part', partSuffix: '' };

/** Fills defaults and rejects names that would leave the bucket directory. */
export function resolveOutputFileConfig(config: Partial<OutputFileConfig> | undefined): OutputFileConfig {
  if (config === null || typeof config !== 'object') {
    throw new TypeError(
      `FileSink.withOutputFileConfig expects { partPrefix?, partSuffix? }, got ${String(config)} ` +
        "(e.g. { partPrefix: 'out', partSuffix: '.txt' })",
    );
  }
  const partPrefix = config.partPrefix ?? DEFAULT_OUTPUT_FILE_CONFIG.partPrefix;
  const partSuffix = config.partSuffix ?? DEFAULT_OUTPUT_FILE_CONFIG.partSuffix;
  for (const [field, value] of [
    ['partPrefix', partPrefix],
    ['partSuffix', partSuffix],
  ] as const) {
    if (typeof value !== 'string' || /[/\\\0]/.test(value)) {
      throw new TypeError(
        `FileSink.withOutputFileConfig: ${field} must be a string without '/', '\\' or NUL, got ${String(value)}`,
      );
    }
  }
  return { partPrefix, partSuffix };
}

/** The visible name of a finished part: `<prefix>-<uuid>-<subtask>-<count><suffix>`. */
export function partFileName(config: OutputFileConfig, uuid: string, subtask: number, count: number): string {
  return `${config.partPrefix}-${uuid}-${subtask}-${count}${config.partSuffix}`;
}

/** The hidden name a part is written under until it is committed: `.<final name>.inprogress.<uuid>`. */
export function inProgressPath(finalPath: string, uuid: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.inprogress.${uuid}`);
}

/** True for names the sink writes before commit; readers of the output should skip them (they start with '.'). */
export function isInProgressFileName(name: string): boolean {
  return name.startsWith('.') && name.includes('.inprogress.');
}
