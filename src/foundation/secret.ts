import { z } from 'zod';

/**
 * A secret in cutover.config.ts is the NAME of an environment variable, never its value:
 * `token: env('HUBSPOT_TOKEN')`. The loader reads the variable, reports it when missing, and
 * binds the value to a {@link Secret} that prints as `[secret HUBSPOT_TOKEN]` everywhere.
 *
 * @example
 * probes: { crm: { use: 'hubspot', token: env('HUBSPOT_TOKEN') } }
 */
export function env(name: string): SecretRef {
  return { env: name };
}

export interface SecretRef {
  env: string;
}

const values = new WeakMap<Secret, string>();

/** A secret value. It leaves only through reveal(); printing, JSON and inspection show the variable name. */
export class Secret {
  readonly name: string;

  constructor(name: string, value?: string) {
    this.name = name;
    if (value !== undefined) values.set(this, value);
  }

  get bound(): boolean {
    return values.has(this);
  }

  bind(value: string): void {
    values.set(this, value);
  }

  reveal(): string {
    const value = values.get(this);
    if (value === undefined) throw new Error(`secret ${this.name} was never read from the environment`);
    return value;
  }

  toString(): string {
    return `[secret ${this.name}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const secretRefSchema = z
  .strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      error: 'expected an environment variable name like HUBSPOT_TOKEN',
    }),
  })
  .transform((ref) => new Secret(ref.env))
  .meta({
    description: 'A secret: the name of the environment variable that holds it, written env("NAME").',
  });

/** Text given literally, or a secret read from the environment. */
export function reveal(value: string | Secret): string {
  return typeof value === 'string' ? value : value.reveal();
}

/** Replaces every occurrence of the given secrets' values in a text (error messages, logs). */
export function redact(text: string, secrets: Iterable<Secret>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret.bound) continue;
    const value = secret.reveal();
    if (value.length >= 4) out = out.split(value).join(secret.toString());
  }
  return out;
}
