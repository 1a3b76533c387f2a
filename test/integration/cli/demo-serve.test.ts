import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/repo.ts';

const bin = join(REPO_ROOT, 'bin', 'cutover.js');

describe('cutover demo --serve', () => {
  it('brings the world up, prints its URLs, serves the form, and stops on Ctrl-C with exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'demo', '--serve'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await expect.poll(() => stdout, { timeout: 30_000 }).toContain('Press Ctrl-C to stop.');
      const legacy = /legacy form\s+(http:\/\/127\.0\.0\.1:\d+\/contact\/)/.exec(stdout)?.[1];
      const mailpit = /Mailpit API\)\s+(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/messages)/.exec(stdout)?.[1];
      expect(legacy).toBeDefined();
      const page = await fetch(legacy!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('会社名');
      expect((await (await fetch(mailpit!)).json()).messages).toEqual([]);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toContain('Demo world stopped.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
