import type { z } from 'zod';

/**
 * A value that validated only in parts: every mapping, record and list may lack the entries that
 * did not validate; whatever is there validated whole.
 */
export type Partly<T> = T extends readonly (infer U)[]
  ? Array<Partly<U> | undefined>
  : T extends object
    ? { [K in keyof T]?: Partly<T[K]> }
    : T;

/** The key paths left out of a value parsed in parts. */
export class Broken {
  static readonly none = new Broken([]);
  /** Nothing is known: the value did not even parse. */
  static readonly all = new Broken([[]]);
  constructor(readonly paths: readonly (readonly PropertyKey[])[]) {}

  /**
   * Whether what is at `path` is unknown: it, or a mapping or list around it, was left out as
   * invalid. A check that needs such a part is skipped — its problem is already reported, and
   * "not defined" would be a second, wrong one.
   */
  covers(path: readonly PropertyKey[]): boolean {
    return this.paths.some(
      (broken) => broken.length <= path.length && broken.every((key, i) => key === path[i]),
    );
  }
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
};

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses what validates of a value that did not validate whole, so that checks across files can
 * still run on it in the same `validate` run as the schema errors: a mapping (object schema),
 * record or list is parsed entry by entry and keeps the entries that validate; anything else —
 * a scalar, a union, a transformed value — validates whole or is left out. Left-out paths are
 * returned as {@link Broken}, and unknown keys are simply dropped (the schema reports them).
 *
 * Only for cross-file checks of names and references; the run itself uses fully valid values.
 */
export function parseParts<S extends z.ZodType>(
  schema: S,
  data: unknown,
): { value: Partly<z.output<S>> | undefined; broken: Broken } {
  const broken: PropertyKey[][] = [];
  const value = partsOf(schema, data, [], broken);
  return { value: value as Partly<z.output<S>> | undefined, broken: new Broken(broken) };
}

function partsOf(schema: z.ZodType, data: unknown, path: PropertyKey[], broken: PropertyKey[][]): unknown {
  const whole = schema.safeParse(data);
  if (whole.success) return whole.data;
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  // `optional` and `default` only matter when the value is missing, and then it parsed whole.
  if ((def.type === 'optional' || def.type === 'default') && def.innerType)
    return partsOf(def.innerType, data, path, broken);
  if (def.type === 'object' && def.shape && isMapping(data)) {
    const out: Record<string, unknown> = {};
    for (const [key, part] of Object.entries(def.shape)) {
      const value = partsOf(part, data[key], [...path, key], broken);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (def.type === 'record' && def.keyType && def.valueType && isMapping(data)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(data)) {
      if (!def.keyType.safeParse(key).success) {
        broken.push([...path, key]);
        continue;
      }
      const value = partsOf(def.valueType, item, [...path, key], broken);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (def.type === 'array' && def.element && Array.isArray(data)) {
    return data.map((item, i) => partsOf(def.element!, item, [...path, i], broken));
  }
  broken.push(path);
  return undefined;
}
