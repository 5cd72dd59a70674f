import type { TypeInformation } from '../../core/types/type-information.js';
import type { AggregateFunction, ReduceFunction } from '../functions/functions.js';
import { StateTtlConfig } from './state-ttl-config.js';

// Descriptors name a state and say how to build it (Flink's StateDescriptor classes). The state backend creates
// one state object per descriptor name and operator; the same name with a different kind is an error.

/** A declared type gives snapshots a schema-specific codec; without one the general codec is used. */
export type StateTypeOption<T> = TypeInformation<T> | { type?: TypeInformation<T> } | undefined;

function typeOf<T>(option: StateTypeOption<T>): TypeInformation<T> | undefined {
  if (option === undefined) return undefined;
  return 'createCodec' in option ? option : option.type;
}

function checkTtl(name: string, config: StateTtlConfig): StateTtlConfig {
  if (!(config instanceof StateTtlConfig)) {
    throw new TypeError(
      `State '${name}': enableTimeToLive needs a StateTtlConfig, e.g. StateTtlConfig.newBuilder(Duration.ofHours(1)).build()`,
    );
  }
  return config;
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('A state descriptor needs a non-empty name, e.g. new ValueStateDescriptor<number>("count")');
  }
  return name;
}

export class ValueStateDescriptor<T> {
  readonly kind = 'value' as const;
  readonly name: string;
  /** Set by enableTimeToLive; undefined: the state never expires. */
  ttlConfig?: StateTtlConfig;
  readonly type?: TypeInformation<T>;
  readonly defaultValue?: T;
  constructor(name: string, type?: StateTypeOption<T> | { type?: TypeInformation<T>; defaultValue?: T }) {
    this.name = checkName(name);
    this.type = typeOf(type);
    if (type !== undefined && !('createCodec' in type) && 'defaultValue' in type) this.defaultValue = type.defaultValue;
  }

  /** Expires this state's values `config.ttl` after their last write (Flink's StateDescriptor.enableTimeToLive). */
  enableTimeToLive(config: StateTtlConfig): this {
    this.ttlConfig = checkTtl(this.name, config);
    return this;
  }
}

export class ListStateDescriptor<T> {
  readonly kind = 'list' as const;
  readonly name: string;
  /** Set by enableTimeToLive; undefined: the state never expires. */
  ttlConfig?: StateTtlConfig;
  readonly type?: TypeInformation<T>;
  constructor(name: string, type?: StateTypeOption<T>) {
    this.name = checkName(name);
    this.type = typeOf(type);
  }

  /** Expires this state's values `config.ttl` after their last write (Flink's StateDescriptor.enableTimeToLive). */
  enableTimeToLive(config: StateTtlConfig): this {
    this.ttlConfig = checkTtl(this.name, config);
    return this;
  }
}

export class MapStateDescriptor<K, V> {
  readonly kind = 'map' as const;
  readonly name: string;
  /** Set by enableTimeToLive; undefined: the state never expires. */
  ttlConfig?: StateTtlConfig;
  readonly keyType?: TypeInformation<K>;
  readonly type?: TypeInformation<V>;
  constructor(name: string, keyType?: TypeInformation<K>, valueType?: TypeInformation<V>) {
    this.name = checkName(name);
    this.keyType = keyType;
    this.type = valueType;
  }

  /** Expires this state's values `config.ttl` after their last write (Flink's StateDescriptor.enableTimeToLive). */
  enableTimeToLive(config: StateTtlConfig): this {
    this.ttlConfig = checkTtl(this.name, config);
    return this;
  }
}

export class ReducingStateDescriptor<T> {
  readonly kind = 'reducing' as const;
  readonly name: string;
  /** Set by enableTimeToLive; undefined: the state never expires. */
  ttlConfig?: StateTtlConfig;
  readonly type?: TypeInformation<T>;
  constructor(
    name: string,
    readonly reduceFunction: ReduceFunction<T>,
    type?: StateTypeOption<T>,
  ) {
    this.name = checkName(name);
    this.type = typeOf(type);
  }

  /** Expires this state's values `config.ttl` after their last write (Flink's StateDescriptor.enableTimeToLive). */
  enableTimeToLive(config: StateTtlConfig): this {
    this.ttlConfig = checkTtl(this.name, config);
    return this;
  }
}

export class AggregatingStateDescriptor<IN, ACC, OUT> {
  readonly kind = 'aggregating' as const;
  readonly name: string;
  /** Set by enableTimeToLive; undefined: the state never expires. */
  ttlConfig?: StateTtlConfig;
  readonly type?: TypeInformation<ACC>;
  constructor(
    name: string,
    readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
    accumulatorType?: StateTypeOption<ACC>,
  ) {
    this.name = checkName(name);
    this.type = typeOf(accumulatorType);
  }

  /** Expires this state's values `config.ttl` after their last write (Flink's StateDescriptor.enableTimeToLive). */
  enableTimeToLive(config: StateTtlConfig): this {
    this.ttlConfig = checkTtl(this.name, config);
    return this;
  }
}

export type AnyStateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<unknown, unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>;
