import { Duration } from '../../core/time.js';

// Time-to-live of keyed state (Flink's StateTtlConfig). TTL counts processing time (the task's wall clock): a
// value, list element or map entry expires `ttl` after it was last written (or read, with OnReadAndWrite).
// Configs are immutable; build one with StateTtlConfig.newBuilder(ttl) and pass it to a descriptor's
// enableTimeToLive(config) before the state is first requested.

/** When the last-access timestamp is refreshed. */
export type TtlUpdateType = 'OnCreateAndWrite' | 'OnReadAndWrite';

/** Whether a read may still see a value that expired but was not removed yet. */
export type TtlStateVisibility = 'NeverReturnExpired' | 'ReturnExpiredIfNotCleanedUp';

/** Only processing time is supported, as in Flink. */
export type TtlTimeCharacteristic = 'ProcessingTime';

/** Incremental cleanup: check `cleanupSize` entries per state access (and per record when asked). */
export interface IncrementalCleanupStrategy {
  readonly cleanupSize: number;
  readonly runCleanupForEveryRecord: boolean;
}

/** Flink's default background cleanup for heap state: 5 entries per state access, not per record. */
export const DEFAULT_INCREMENTAL_CLEANUP: IncrementalCleanupStrategy = Object.freeze({
  cleanupSize: 5,
  runCleanupForEveryRecord: false,
});

const UPDATE_TYPES: readonly TtlUpdateType[] = ['OnCreateAndWrite', 'OnReadAndWrite'];
const VISIBILITIES: readonly TtlStateVisibility[] = ['NeverReturnExpired', 'ReturnExpiredIfNotCleanedUp'];

interface TtlSettings {
  ttl: Duration;
  updateType: TtlUpdateType;
  stateVisibility: TtlStateVisibility;
  cleanupFullSnapshot: boolean;
  incremental: IncrementalCleanupStrategy | undefined;
  cleanupInBackground: boolean;
}

function positiveTtl(ttl: Duration | number): Duration {
  const duration = Duration.from(ttl);
  if (duration.toMillis() <= 0) {
    throw new RangeError(
      `StateTtlConfig: the time-to-live must be positive, got ${duration}; e.g. Duration.ofHours(1)`,
    );
  }
  return duration;
}

export class StateTtlConfig {
  readonly ttl: Duration;
  readonly updateType: TtlUpdateType;
  readonly stateVisibility: TtlStateVisibility;
  readonly ttlTimeCharacteristic: TtlTimeCharacteristic = 'ProcessingTime';
  /** Expired entries are left out of full snapshots (local state keeps them until read or cleaned up). */
  readonly cleanupFullSnapshot: boolean;
  /** Background cleanup is on unless disableCleanupInBackground() was called (Flink's default since 1.10). */
  readonly cleanupInBackground: boolean;
  private readonly incremental: IncrementalCleanupStrategy | undefined;

  private constructor(settings: TtlSettings) {
    this.ttl = settings.ttl;
    this.updateType = settings.updateType;
    this.stateVisibility = settings.stateVisibility;
    this.cleanupFullSnapshot = settings.cleanupFullSnapshot;
    this.cleanupInBackground = settings.cleanupInBackground;
    this.incremental = settings.incremental;
    Object.freeze(this);
  }

  static newBuilder(ttl: Duration | number): StateTtlConfigBuilder {
    return new StateTtlConfigBuilder(positiveTtl(ttl));
  }

  /** @internal Used by the builder only. */
  static fromSettings(settings: TtlSettings): StateTtlConfig {
    return new StateTtlConfig(settings);
  }

  getTtl(): Duration {
    return this.ttl;
  }

  getUpdateType(): TtlUpdateType {
    return this.updateType;
  }

  getStateVisibility(): TtlStateVisibility {
    return this.stateVisibility;
  }

  isCleanupInBackground(): boolean {
    return this.cleanupInBackground;
  }

  /** The incremental cleanup in effect: the configured one, else the default while background cleanup is on. */
  getIncrementalCleanupStrategy(): IncrementalCleanupStrategy | undefined {
    if (this.incremental !== undefined) return this.incremental;
    return this.cleanupInBackground ? DEFAULT_INCREMENTAL_CLEANUP : undefined;
  }
}

export class StateTtlConfigBuilder {
  private readonly settings: TtlSettings;

  constructor(ttl: Duration) {
    this.settings = {
      ttl,
      updateType: 'OnCreateAndWrite',
      stateVisibility: 'NeverReturnExpired',
      cleanupFullSnapshot: false,
      incremental: undefined,
      cleanupInBackground: true,
    };
  }

  setTtl(ttl: Duration | number): this {
    this.settings.ttl = positiveTtl(ttl);
    return this;
  }

  setUpdateType(updateType: TtlUpdateType): this {
    if (!UPDATE_TYPES.includes(updateType)) {
      throw new TypeError(`StateTtlConfig: unknown update type '${updateType}'; use one of ${UPDATE_TYPES.join(', ')}`);
    }
    this.settings.updateType = updateType;
    return this;
  }

  updateTtlOnCreateAndWrite(): this {
    return this.setUpdateType('OnCreateAndWrite');
  }

  updateTtlOnReadAndWrite(): this {
    return this.setUpdateType('OnReadAndWrite');
  }

  setStateVisibility(visibility: TtlStateVisibility): this {
    if (!VISIBILITIES.includes(visibility)) {
      throw new TypeError(
        `StateTtlConfig: unknown state visibility '${visibility}'; use one of ${VISIBILITIES.join(', ')}`,
      );
    }
    this.settings.stateVisibility = visibility;
    return this;
  }

  neverReturnExpired(): this {
    return this.setStateVisibility('NeverReturnExpired');
  }

  returnExpiredIfNotCleanedUp(): this {
    return this.setStateVisibility('ReturnExpiredIfNotCleanedUp');
  }

  /** Processing time is the only time characteristic; kept for Flink API parity. */
  useProcessingTime(): this {
    return this;
  }

  cleanupFullSnapshot(): this {
    this.settings.cleanupFullSnapshot = true;
    return this;
  }

  /**
   * Checks `cleanupSize` entries of the state for expiry on every access to it, and also on every record (and
   * timer) of the operator when `runCleanupForEveryRecord` is true.
   */
  cleanupIncrementally(cleanupSize: number, runCleanupForEveryRecord: boolean): this {
    if (!Number.isInteger(cleanupSize) || cleanupSize <= 0) {
      throw new RangeError(
        `StateTtlConfig.cleanupIncrementally: cleanupSize must be a positive integer (entries checked per access), ` +
          `got ${cleanupSize}`,
      );
    }
    this.settings.incremental = Object.freeze({
      cleanupSize,
      runCleanupForEveryRecord: runCleanupForEveryRecord === true,
    });
    return this;
  }

  /** Turns off the default background (incremental) cleanup; an explicit cleanupIncrementally() still applies. */
  disableCleanupInBackground(): this {
    this.settings.cleanupInBackground = false;
    return this;
  }

  build(): StateTtlConfig {
    return StateTtlConfig.fromSettings({ ...this.settings });
  }
}
