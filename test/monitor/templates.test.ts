import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { monitorSchema } from '../../src/config/monitor.schema.ts';
import { REPO_ROOT } from '../support/repo.ts';

const root = REPO_ROOT;

describe('the production monitor template', () => {
  it('is a valid monitor file that asks for production on purpose', async () => {
    const text = await readFile(join(root, 'monitors/templates/production.yaml'), 'utf8');
    const parsed = monitorSchema.safeParse(parse(text));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toMatchObject({ target: 'production', production: true, interval: 300_000 });
    expect(parsed.data?.listen).toBe('127.0.0.1:9464');
  });
});
