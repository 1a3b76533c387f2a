import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type FormConfig, isFileField } from '../config/index.ts';
import type { InputValue } from '../foundation/template.ts';
import type { SubmitEvidence } from './case-result.ts';

/** The files an input chooses in the form's file fields: name, size and SHA-256 of each, as the evidence records them. */
export async function inputFiles(
  form: FormConfig,
  input: Record<string, InputValue>,
): Promise<NonNullable<SubmitEvidence['files']>> {
  const files: NonNullable<SubmitEvidence['files']> = [];
  for (const [field, value] of Object.entries(input)) {
    if (!isFileField(form.fields[field])) continue;
    for (const path of Array.isArray(value) ? value : [String(value)]) {
      const bytes = await readFile(path).catch(() => undefined);
      if (!bytes) continue;
      files.push({
        field,
        name: basename(path),
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  }
  return files;
}
