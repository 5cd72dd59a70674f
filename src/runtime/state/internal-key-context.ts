import type { NormalizedKey } from './key-normalizer.js';

/**
 * What timer services need from a keyed state backend (Flink's KeyContext), with the key's normalized form and key
 * group so a timer computes them once at registration and firing a timer does not recompute them.
 * Contract: task thread only.
 */
export interface InternalKeyContext {
  getCurrentKey(): unknown;
  getCurrentNormalizedKey(): NormalizedKey;
  getCurrentKeyGroupIndex(): number;
  setCurrentKey(key: unknown): void;
  /** Sets a key whose normalized form and key group are already known (a timer's); checks the key-group range. */
  setCurrentKeyWithGroup(key: unknown, normalizedKey: NormalizedKey, keyGroup: number): void;
}
