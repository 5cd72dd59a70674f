import type { TypeInformation } from '../../core/types/type-information.js';
import { describeValue } from '../functions/normalize.js';
import { OutputTag } from '../output-tag.js';
import type { SideOutputTransformation } from '../transformations.js';
import { DataStream } from './index.js';
import {
  applyMaxParallelism,
  applyName,
  applyParallelism,
  applySlotSharingGroup,
  applyUid,
  commonSettings,
} from './transformation-settings.js';

/**
 * The stream an operator produces, with that operator's settings (Flink's SingleOutputStreamOperator). Setters
 * change the operator in place and return the same stream, so they chain: `.map(f).name('parse').uid('parse-v1')`.
 */
export class SingleOutputStreamOperator<T> extends DataStream<T> {
  /** Whether the operator may run with parallelism > 1 (false for collection sources). */
  protected isParallel(): boolean {
    return true;
  }

  /** The operator's name in plans, logs and metrics. */
  name(name: string): this {
    applyName(this.transformation, name);
    return this;
  }

  getName(): string {
    return this.transformation.name;
  }

  /** A stable id for the operator: keeps its state across program versions (savepoints). Unique per job. */
  uid(uid: string): this {
    applyUid(this.transformation, uid);
    return this;
  }

  /** At least 1, or -1 for the environment's default; never above the max parallelism. */
  setParallelism(parallelism: number): this {
    applyParallelism(this.transformation, parallelism, this.isParallel());
    return this;
  }

  /** The number of key groups: the upper limit for rescaling keyed state later. */
  setMaxParallelism(maxParallelism: number): this {
    applyMaxParallelism(this.transformation, maxParallelism, this.isParallel());
    return this;
  }

  /** Operators in different groups never share a slot. */
  slotSharingGroup(slotSharingGroup: string): this {
    applySlotSharingGroup(this.transformation, slotSharingGroup);
    return this;
  }

  /** Keeps this operator out of any chain (ChainingStrategy NEVER). */
  disableChaining(): this {
    this.transformation.chainingStrategy = 'NEVER';
    return this;
  }

  /** Starts a new chain at this operator (ChainingStrategy HEAD). */
  startNewChain(): this {
    this.transformation.chainingStrategy = 'HEAD';
    return this;
  }

  /** Declares the output type, so exchanges use a codec generated for it instead of the general one. */
  returns(type: TypeInformation<T>): this {
    if (type === null || typeof type !== 'object' || typeof type.createCodec !== 'function') {
      throw new TypeError(`returns() expects a TypeInformation (from Types), got ${describeValue(type)}`);
    }
    this.transformation.outputType = type as TypeInformation<unknown>;
    return this;
  }

  /** The records this operator emitted to the side output `tag` (ctx.output(tag, value)). */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    if (!(tag instanceof OutputTag)) {
      throw new TypeError(
        `getSideOutput expects an OutputTag, e.g. new OutputTag<string>('late'); got ${describeValue(tag)}`,
      );
    }
    const t = this.transformation;
    const known = t.sideOutputs.find((o) => o.id === tag.id);
    if (known?.type !== undefined && tag.type !== undefined && known.type.describe() !== tag.type.describe()) {
      throw new TypeError(
        `The requested OutputTag ${tag.id} is already used with type ${known.type.describe()}, not ` +
          `${tag.type.describe()}; use one type per side-output id`,
      );
    }
    if (known === undefined) t.sideOutputs.push(tag as OutputTag<unknown>);
    const side = this.environment.addTransformation(
      (id): SideOutputTransformation => ({
        ...commonSettings(id, 'SideOutput', t.parallelism, tag.type as TypeInformation<unknown> | undefined),
        kind: 'side-output',
        input: t,
        tag: tag as OutputTag<unknown>,
      }),
    );
    return new DataStream<X>(this.environment, side);
  }
}
