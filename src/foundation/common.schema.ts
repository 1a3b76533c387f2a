import { z } from 'zod';
import { linearRegexProblem } from './linear-regex.ts';
import { secretRefSchema } from './secret.ts';

/** Names used as keys (targets, forms, fields, probes): half-width letters, digits, `_` and `-`. */
export const nameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
  error: (i) => `expected a name of letters, digits, "_" or "-", got ${JSON.stringify(i.input)}`,
});

const URL_SCHEMES = ['http:', 'https:', 'demo:'];

/** An absolute http(s) URL, or `demo://<part>` for a part of the embedded demo world. */
export const urlSchema = z.string().refine(
  (text) => {
    try {
      return URL_SCHEMES.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  },
  { error: (i) => `expected an http(s):// or demo:// URL, got ${JSON.stringify(i.input)}` },
);

/** Text that may be given literally or read from an environment variable with env("NAME"). */
export const textOrSecretSchema = z.union([z.string(), secretRefSchema]);

/**
 * A user-written regular expression: JavaScript syntax (`u` flag) that RE2 can run in linear
 * time — no backreferences, no lookaround (see linear-regex.ts). Checked at validate time, so a
 * pattern that could hang a run is refused before anything is submitted.
 */
export const regexSourceSchema = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      input: source,
      message: `regular expression does not compile: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
    });
    return;
  }
  const problem = linearRegexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', input: source, message: problem });
});

export function isDemoUrl(url: string): boolean {
  return url.startsWith('demo://');
}
