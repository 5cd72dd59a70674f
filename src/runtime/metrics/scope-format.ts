// Flink's system scope formats (metrics.scope.*): a template such as "<host>.taskmanager.<tm_id>" turns a
// component's variables into the scope components that prefix every metric identifier.

export type ScopeKind = 'jm' | 'jm-job' | 'tm' | 'tm-job' | 'task' | 'operator';

const TASK_VARIABLES = [
  '<host>',
  '<tm_id>',
  '<job_id>',
  '<job_name>',
  '<task_id>',
  '<task_name>',
  '<task_attempt_id>',
  '<task_attempt_num>',
  '<subtask_index>',
] as const;

/** The variables each scope may use, as Flink documents them ("List of all Variables"). */
export const SCOPE_VARIABLES: Readonly<Record<ScopeKind, readonly string[]>> = {
  jm: ['<host>'],
  'jm-job': ['<host>', '<job_id>', '<job_name>'],
  tm: ['<host>', '<tm_id>'],
  'tm-job': ['<host>', '<tm_id>', '<job_id>', '<job_name>'],
  task: TASK_VARIABLES,
  operator: [...TASK_VARIABLES, '<operator_id>', '<operator_name>'],
};

/** Flink's defaults (MetricOptions.SCOPE_NAMING_*). */
export const DEFAULT_SCOPE_FORMATS: Readonly<Record<ScopeKind, string>> = {
  jm: '<host>.jobmanager',
  'jm-job': '<host>.jobmanager.<job_name>',
  tm: '<host>.taskmanager.<tm_id>',
  'tm-job': '<host>.taskmanager.<tm_id>.<job_name>',
  task: '<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>',
  operator: '<host>.taskmanager.<tm_id>.<job_name>.<operator_name>.<subtask_index>',
};

/** Configuration keys, Flink 2.x spelling first, then the 1.x keys accepted as fallbacks. */
export const SCOPE_FORMAT_KEYS: Readonly<Record<ScopeKind, readonly string[]>> = {
  jm: ['metrics.scope.jm'],
  'jm-job': ['metrics.scope.jm-job', 'metrics.scope.jm.job'],
  tm: ['metrics.scope.tm'],
  'tm-job': ['metrics.scope.tm-job', 'metrics.scope.tm.job'],
  task: ['metrics.scope.task'],
  operator: ['metrics.scope.operator'],
};

export const SCOPE_DELIMITER_KEY = 'metrics.scope.delimiter';

/** A leading "*" component stands for the parent component's scope (Flink's SCOPE_INHERIT_PARENT). */
const INHERIT_PARENT = '*';

/** Flink's ScopeFormat.valueOrNull: an empty or missing value shows as "null" rather than vanishing. */
export function valueOrNull(value: string | number | undefined | null): string {
  return value === undefined || value === null || value === '' ? 'null' : String(value);
}

/** One parsed template. Immutable; format() allocates only when a group is created. */
export class ScopeFormat {
  readonly inheritsParent: boolean;
  private readonly components: readonly string[];

  constructor(
    readonly kind: ScopeKind,
    readonly template: string,
    source = SCOPE_FORMAT_KEYS[kind][0],
  ) {
    if (template.trim() === '') {
      throw new Error(`${source}: the scope format is empty; give a template such as '${DEFAULT_SCOPE_FORMATS[kind]}'`);
    }
    const parts = template.split('.');
    this.inheritsParent = parts[0] === INHERIT_PARENT;
    this.components = this.inheritsParent ? parts.slice(1) : parts;
    if (this.inheritsParent && (kind === 'jm' || kind === 'tm')) {
      throw new Error(`${source}: '*' inherits a parent scope, but the ${kind} scope has no parent`);
    }
    for (const component of this.components) {
      if (isVariable(component) && !SCOPE_VARIABLES[kind].includes(component)) {
        throw new Error(
          `${source}: '${component}' in '${template}' is not a variable of the ${kind} scope; ` +
            `use one of ${SCOPE_VARIABLES[kind].join(', ')}`,
        );
      }
    }
  }

  /**
   * The scope components for a group with these variables (keys with angle brackets, e.g. "<tm_id>"). With a
   * leading "*", the parent's components come first.
   */
  format(variables: Readonly<Record<string, string>>, parentComponents: readonly string[] = []): string[] {
    const out: string[] = this.inheritsParent ? [...parentComponents] : [];
    for (const component of this.components) {
      out.push(isVariable(component) ? valueOrNull(variables[component]) : component);
    }
    return out;
  }
}

/** As Flink: a component is a variable only when the whole component is "<name>". */
function isVariable(component: string): boolean {
  return component.length >= 3 && component.startsWith('<') && component.endsWith('>');
}

/** The set of scope formats and the delimiter a metric registry uses. */
export class ScopeFormats {
  private constructor(
    private readonly formats: Readonly<Record<ScopeKind, ScopeFormat>>,
    readonly delimiter: string,
  ) {}

  static readonly DEFAULT = ScopeFormats.fromConfig({});

  /** Reads metrics.scope.* from a Flink-style configuration; missing keys take Flink's defaults. */
  static fromConfig(config: Readonly<Record<string, string | undefined>>): ScopeFormats {
    const formats = {} as Record<ScopeKind, ScopeFormat>;
    for (const kind of Object.keys(DEFAULT_SCOPE_FORMATS) as ScopeKind[]) {
      const key = SCOPE_FORMAT_KEYS[kind].find((k) => config[k] !== undefined);
      formats[kind] = new ScopeFormat(kind, key === undefined ? DEFAULT_SCOPE_FORMATS[kind] : String(config[key]), key);
    }
    const delimiter = config[SCOPE_DELIMITER_KEY] ?? '.';
    if (delimiter.length !== 1) {
      throw new Error(`${SCOPE_DELIMITER_KEY}: the delimiter must be one character, got '${delimiter}'`);
    }
    return new ScopeFormats(formats, delimiter);
  }

  get(kind: ScopeKind): ScopeFormat {
    return this.formats[kind];
  }
}
