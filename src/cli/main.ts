import { Command, CommanderError, Option } from 'commander';
import { doctorCommand } from './commands/doctor.ts';
import { schemaCommand } from './commands/schema.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { type Output, processOutput } from './output.ts';

/** Runs the `cutover` command line and returns the exit code (see exit-codes.ts). */
export async function main(argv: string[], output: Output = processOutput()): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('cutover')
    .description(
      'Prove, case by case and with evidence, that every inquiry still reaches mail, CRM and analytics.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .showHelpAfterError('(run cutover --help for usage)');

  const projectOptions = (command: Command) =>
    command
      .option('-c, --config <file>', 'the config file', 'cutover.config.ts')
      .option('--scenarios <dir>', 'the scenario directory', 'scenarios')
      .option('--monitors <dir>', 'the monitor directory', 'monitors');

  projectOptions(
    program
      .command('validate')
      .description('check the config, every scenario and monitor; list every problem'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      code = await validateCommand(
        { config: options.config, scenarios: options.scenarios, monitors: options.monitors },
        { json: options.json },
        output,
      );
    });

  program
    .command('schema')
    .description('print the JSON Schemas of scenario and monitor files')
    .argument('[name]', 'scenario or monitor (default: both)')
    .option('--write <dir>', 'write <name>.schema.json files into a directory instead')
    .action(async (name, options) => {
      code = await schemaCommand(name, options, output);
    });

  program
    .command('doctor')
    .description('find the browser and the tools cutover uses; --install gets a browser where it can')
    .option('--install', 'install Chromium if none is found')
    .addOption(new Option('--browser <path>', 'use this Chromium/Chrome executable').env('CUTOVER_CHROMIUM'))
    .action(async (options) => {
      code = await doctorCommand(options, output);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    output.err(`cutover: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.broken;
  }
  return code;
}
