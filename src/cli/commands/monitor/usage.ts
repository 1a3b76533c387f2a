import { type Problem, parseDuration } from '../../../foundation/index.ts';
import { parseListen } from '../../../monitor/index.ts';
import { evidenceUsageProblems } from './evidence.ts';
import type { MonitorCommandOptions } from './options.ts';

/** Every problem of the command line itself, found before any file is read. */
export function usageProblems(options: MonitorCommandOptions): Problem[] {
  const problems: Problem[] = [];
  const flag = (path: string, message: string) => problems.push({ file: '(command line)', path, message });
  if (options.listen !== undefined) {
    try {
      parseListen(options.listen);
    } catch (error) {
      flag('--listen', (error as Error).message);
    }
  }
  if (options.pushgateway !== undefined) {
    if (!options.once)
      flag(
        '--pushgateway',
        'pushing goes with --once (a CronJob-style run); a long-running monitor is scraped',
      );
    if (!/^https?:\/\/[^/]+/.test(options.pushgateway))
      flag('--pushgateway', `expected a URL like http://pushgateway:9091, got "${options.pushgateway}"`);
  }
  if (options.interval !== undefined) {
    const interval = parseDuration(options.interval);
    if (interval === undefined || interval < 1000 || interval > 86_400_000)
      flag('--interval', `expected a duration from 1s to 24h like "30s", got "${options.interval}"`);
  }
  const traffic = realTrafficProblem(options.realTraffic);
  if (traffic) flag('--real-traffic', traffic);
  const grace = parseDuration(options.grace);
  if (grace === undefined || grace > 600_000)
    flag('--grace', `expected a duration up to 10m like "30s", got "${options.grace}"`);
  for (const problem of evidenceUsageProblems(options)) flag(problem.path, problem.message);
  if (options.externalUrl !== undefined && !/^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/.test(options.externalUrl))
    flag(
      '--external-url',
      `expected the URL people reach the monitor by, like https://monitor.example.com or https://ops.example.com/cutover, got "${options.externalUrl}"`,
    );
  if (options.tokenEnv && !process.env[options.tokenEnv])
    flag('--token-env', `the environment variable ${options.tokenEnv} is not set`);
  return problems;
}

function realTrafficProblem(perHour: string | undefined): string | undefined {
  if (perHour === undefined) return undefined;
  const value = Number(perHour);
  return /^\d+(\.\d+)?$/.test(perHour) && value > 0 && value <= 7200
    ? undefined
    : `expected real visitors per hour, a number up to 7200 like "1800", got "${perHour}"`;
}
