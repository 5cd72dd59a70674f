// A validator for the subset of OpenAPI 3 schemas Flink's REST spec uses (type, format, pattern, enum, properties,
// additionalProperties, items, $ref, allOf, required). Test support: REST tests check every response against the
// spec's schemas with it.

export interface OpenApiSchema {
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema;
  readonly items?: OpenApiSchema;
  readonly $ref?: string;
  readonly allOf?: readonly OpenApiSchema[];
  readonly required?: readonly string[];
  readonly description?: string;
}

export interface SchemaCheckOptions {
  /**
   * Closed objects: a property the schema does not list is a problem (catches misspelt field names). Schemas with
   * neither properties nor additionalProperties (RawJson) stay open.
   */
  readonly closed?: boolean;
}

/** Problems found, each with a JSON path ("$.vertices[0].metrics.read-bytes: ..."); empty when the value fits. */
export function checkSchema(
  value: unknown,
  schema: OpenApiSchema,
  schemas: Readonly<Record<string, OpenApiSchema>>,
  options: SchemaCheckOptions = { closed: true },
  path = '$',
): string[] {
  const problems: string[] = [];
  visit(value, schema, path);
  return problems;

  function visit(v: unknown, s: OpenApiSchema, p: string): void {
    if (s.$ref !== undefined) {
      const name = s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
      const target = schemas[name];
      if (target === undefined) problems.push(`${p}: schema ${name} is not in the table`);
      else visit(v, target, p);
      return;
    }
    for (const part of s.allOf ?? []) visit(v, part, p);
    if (s.type === 'object') visitObject(v, s, p);
    else if (s.type === 'array') visitArray(v, s, p);
    else if (s.type !== undefined) {
      const problem = scalarProblem(v, s);
      if (problem !== undefined) problems.push(`${p}: ${problem}`);
    }
  }

  function visitArray(v: unknown, s: OpenApiSchema, p: string): void {
    if (!Array.isArray(v)) {
      problems.push(`${p}: expected an array, got ${describe(v)}`);
      return;
    }
    if (s.items === undefined) return;
    for (let i = 0; i < v.length; i++) visit(v[i], s.items, `${p}[${i}]`);
  }

  function visitObject(v: unknown, s: OpenApiSchema, p: string): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${p}: expected an object, got ${describe(v)}`);
      return;
    }
    const record = v as Record<string, unknown>;
    for (const key of s.required ?? []) {
      if (!(key in record)) problems.push(`${p}: required property '${key}' is missing`);
    }
    for (const [key, item] of Object.entries(record)) {
      const prop = s.properties?.[key];
      if (prop !== undefined) visit(item, prop, `${p}.${key}`);
      else if (s.additionalProperties !== undefined) visit(item, s.additionalProperties, `${p}.${key}`);
      else if (options.closed && s.properties !== undefined) {
        problems.push(`${p}: property '${key}' is not in the schema`);
      }
    }
  }
}

/** What is wrong with a string, number or boolean value, or undefined when it fits. */
function scalarProblem(v: unknown, s: OpenApiSchema): string | undefined {
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return `expected a string, got ${describe(v)}`;
      if (s.enum !== undefined && !s.enum.includes(v)) return `'${v}' is not one of ${s.enum.join(', ')}`;
      if (s.pattern !== undefined && !new RegExp(`^(?:${s.pattern})$`).test(v)) {
        return `'${v}' does not match ${s.pattern}`;
      }
      return undefined;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return `expected an integer, got ${describe(v)}`;
      if (s.format === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31)) return `${v} is outside int32`;
      return undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a number, got ${describe(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected a boolean, got ${describe(v)}`;
    default:
      return `schema type '${s.type}' is not supported by this checker`;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `'${v}'` : `${typeof v} ${String(v)}`;
}

/**
 * A copy of `value` without null-valued object members. Flink's Jackson mapper writes absent optional members as
 * null (e.g. "latest": {"savepoint": null}), which the spec's schemas do not declare: strip them before checking.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
  return out;
}
