import type { HttpClient } from '../http/client.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { WebhookHub } from './webhook/webhook-hub.ts';

/** What every probe is given: the HTTP client, the clock, and how patiently to wait. No globals. */
export interface ProbeDeps {
  http: HttpClient;
  /** Default: the system clock. */
  now?: () => Date;
  /** Retry tuning (tests make the waits instant); the policy itself is src/http/retry.ts. */
  retry?: RetryPolicy;
  /**
   * How long before t0 an item may carry its receive time and still count: the mail server's,
   * the CRM's and Slack's clocks are not cutover's. Items must carry the case's marker (or its
   * synthetic address) anyway, so a generous allowance cannot pick up another case's item.
   * Default 60 s.
   */
  clockSkewMs?: number;
  /** Polling fallback of push sources (IMAP when IDLE stays silent). Default 5 s. */
  pollIntervalMs?: number;
  /**
   * The run's webhook listeners, shared by every webhook probe of every target and worker (the
   * case runner's own, told by the UAT global setup what it owns). Without it a webhook probe
   * listens on its own.
   */
  webhooks?: WebhookHub;
}

export const DEFAULT_CLOCK_SKEW_MS = 60_000;
export const DEFAULT_POLL_INTERVAL_MS = 5_000;

/** The earliest receive time that still counts for a case started at t0. */
export function earliestFor(t0: Date, deps: Pick<ProbeDeps, 'clockSkewMs'>): Date {
  return new Date(t0.getTime() - (deps.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS));
}
