import type { CutoverConfig, LoadedMonitor, LoadedScenario } from '../config/index.ts';
import type { Warning } from '../config/vacuous-checks.ts';
import { formatDuration } from '../foundation/index.ts';
import { caseDeadlineMs } from '../scenario/case-deadline.ts';
import type { CheckName } from '../scenario/case-result.ts';

/**
 * How long one monitor cycle can take: its scenarios one after the other, each up to its own
 * deadline (src/scenario/case-deadline.ts: its page steps, then its longest SLA or absence window —
 * a failing case waits its SLA out). A passing cycle is usually far shorter; a failing one is not.
 */
export function worstCycleMs(
  monitor: LoadedMonitor['value'],
  scenarios: readonly LoadedScenario[],
  defaults: CutoverConfig['defaults'],
): { totalMs: number; cases: Array<{ id: string; ms: number }> } {
  const byId = new Map(scenarios.map((s) => [s.value.id, s.value]));
  const sla = monitor.sla as Partial<Record<CheckName, number>>;
  const cases = monitor.scenarios.flatMap((id) => {
    const scenario = byId.get(id);
    return scenario ? [{ id, ms: caseDeadlineMs(scenario, defaults, sla) }] : [];
  });
  const sum = cases.reduce((total, c) => total + c.ms, 0);
  // `timeout` cancels a cycle that runs longer.
  return { totalMs: monitor.timeout ? Math.min(sum, monitor.timeout) : sum, cases };
}

/** An interval that fits a cycle of this length: rounded up to 10 s, to a minute past one minute. */
export function intervalFor(cycleMs: number): string {
  const step = cycleMs > 60_000 ? 60_000 : 10_000;
  const ms = Math.ceil(cycleMs / step) * step;
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/**
 * A warning of `validate` per monitor whose interval is shorter than its worst-case cycle: cycles
 * then run back to back while cases fail, are skipped, and the monitor pages later than its
 * interval suggests. Busy, not broken: a warning, an error only with --strict.
 */
export function intervalWarnings(
  monitors: readonly LoadedMonitor[],
  scenarios: readonly LoadedScenario[],
  defaults: CutoverConfig['defaults'],
): Warning[] {
  return monitors.flatMap((monitor) => {
    const { totalMs, cases } = worstCycleMs(monitor.value, scenarios, defaults);
    if (monitor.value.interval >= totalMs) return [];
    const parts = cases.map((c) => `${c.id} up to ${formatDuration(c.ms)}`).join(' + ');
    return [
      {
        kind: 'interval' as const,
        file: monitor.file,
        path: 'interval',
        keys: ['interval'],
        message: `${formatDuration(monitor.value.interval)} is shorter than a cycle can take when its cases fail (each waits out its SLA): ${parts}${cases.length > 1 ? ` = ${formatDuration(totalMs)}` : ''}. Cycles would run back to back and be skipped, and pages come later than the interval suggests. Fix: interval: ${intervalFor(totalMs)} (or fewer scenarios, or shorter SLAs, per monitor file)`,
        ...monitor.locate(['interval']),
      },
    ];
  });
}
