import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../src/cli/main.ts';

/**
 * The README's command table is where a user looks up a flag: every option of every command that
 * `cutover` accepts is in that command's row, and every command has a row.
 */
const readme = join(import.meta.dirname, '..', '..', 'README.md');
const program = commandLine({ out: () => {}, err: () => {}, color: false }, () => {});

async function commandRows(): Promise<Map<string, string>> {
  const text = await readFile(readme, 'utf8');
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const name = /^\| `cutover ([a-z-]+)/.exec(line)?.[1];
    if (name) rows.set(name, line);
  }
  return rows;
}

describe('the README command table', () => {
  it('has a row for every command', async () => {
    const rows = await commandRows();
    expect([...rows.keys()].sort()).toEqual(program.commands.map((command) => command.name()).sort());
  });

  it.each(program.commands.map((command) => [command.name(), command] as const))(
    'lists every option of cutover %s in its row',
    async (_name, command) => {
      const row = (await commandRows()).get(command.name()) ?? '';
      const missing = command.options
        .flatMap((option) => [option.long, option.short])
        .filter((flag): flag is string => flag !== undefined)
        .filter((flag) => !new RegExp(`\`(?:[^\`]*[ ,])?${flag}[ ,\`]`).test(row));
      expect(missing).toEqual([]);
    },
  );

  it('names the options every command takes', async () => {
    const text = await readFile(readme, 'utf8');
    for (const option of program.options) expect(text).toContain(`\`${option.long}\``);
  });
});
