import type { Codec } from './codec.js';

/**
 * Describes a record type so the engine can build a schema-specific binary codec for it (types are erased at run
 * time, so a declared type is the only way to know a record's shape before it arrives). `Types` builds these.
 */
export interface TypeInformation<T> {
  /** e.g. 'STRING', 'ROW', 'TUPLE', 'POJO', 'GENERIC'. */
  readonly kind: string;
  /** Builds the codec once (per channel or state); the codec is then called per record. */
  createCodec(): Codec<T>;
  /** A stable, human-readable description; part of the job's fingerprint and of savepoint metadata. */
  describe(): string;
}
