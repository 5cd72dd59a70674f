import type { Boundedness, Source, SourceReaderContext, SplitEnumeratorContext } from '../../api/source/source.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import type { NexmarkConfig, ResolvedNexmarkConfig } from './generator-config.js';
import { resolveNexmarkConfig } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { NEXMARK_EVENT_TYPE } from './model.js';
import { NexmarkSourceReader } from './nexmark-source-reader.js';
import type { NexmarkSplit } from './nexmark-split.js';
import { createNexmarkSplits } from './nexmark-split.js';
import type { NexmarkEnumeratorState } from './nexmark-split-enumerator.js';
import { NexmarkSplitEnumerator } from './nexmark-split-enumerator.js';

// The Nexmark event generator as a split-based (FLIP-27) source: one split per generator, a unified stream of
// NexmarkEvent rows whose timestamps are their dateTime. Options are checked when the source is built, so a bad
// option fails the job at definition time. Values that must be the same everywhere but are only known when the
// job runs (generator count = parallelism, baseTime = now) are fixed by the enumerator and carried in the splits,
// so re-running the job module in each worker cannot make them diverge. The source emits no watermarks of its own:
// use WatermarkStrategy.forBoundedOutOfOrderness(4 s) on dateTime, as the nexmark DDL does.

export class NexmarkSource implements Source<NexmarkEvent, NexmarkSplit, NexmarkEnumeratorState> {
  readonly config: ResolvedNexmarkConfig;
  readonly producedType: TypeInformation<NexmarkEvent> = NEXMARK_EVENT_TYPE;

  constructor(options: NexmarkConfig = {}) {
    this.config = resolveNexmarkConfig(options);
  }

  /** Bounded when events.num > 0 or stop-at ≥ 0, unless keep-alive holds the readers open. */
  getBoundedness(): Boundedness {
    const { eventsNum, stopAt, keepAlive } = this.config;
    return !keepAlive && (eventsNum > 0 || stopAt >= 0) ? 'BOUNDED' : 'CONTINUOUS_UNBOUNDED';
  }

  createReader(context: SourceReaderContext): NexmarkSourceReader {
    return new NexmarkSourceReader(this.config, context);
  }

  createEnumerator(context: SplitEnumeratorContext<NexmarkSplit>): NexmarkSplitEnumerator {
    const numGenerators = this.config.numEventGenerators ?? context.currentParallelism();
    const baseTime = this.config.baseTime ?? Date.now();
    return new NexmarkSplitEnumerator(context, createNexmarkSplits(this.config, numGenerators, baseTime));
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<NexmarkSplit>,
    checkpoint: NexmarkEnumeratorState,
  ): NexmarkSplitEnumerator {
    if (typeof checkpoint !== 'object' || checkpoint === null || !Array.isArray(checkpoint.pendingSplits)) {
      throw new Error(
        'Nexmark enumerator checkpoint has no pendingSplits list; restore this source only from its own checkpoints.',
      );
    }
    return new NexmarkSplitEnumerator(context, checkpoint.pendingSplits);
  }
}

/** A Nexmark source with the given options (see NexmarkConfig; all optional). */
export function nexmarkSource(options: NexmarkConfig = {}): NexmarkSource {
  return new NexmarkSource(options);
}
