import { Secret } from '../foundation/secret.ts';
import type { CutoverConfig, TargetConfig } from './config.schema.ts';

/** What a running demo world offers: its parts' origins by name, and the CRM token it accepts. */
export interface DemoEndpoints {
  urls: Record<string, string>;
  crmToken: string;
}

const DEMO = /^demo:\/\/([^/]+)(.*)$/;

/** True when any target or probe points into the embedded demo world. */
export function usesDemo(config: CutoverConfig): boolean {
  return JSON.stringify(config.targets).includes('"demo://');
}

/**
 * The config with every `demo://<part>/…` URL replaced by the running world's origin, and the
 * demo CRM's token filled in where a demo CRM probe names none.
 */
export function resolveDemo(config: CutoverConfig, world: DemoEndpoints): CutoverConfig {
  const problems: string[] = [];
  const resolveUrl = (url: string): string => {
    const found = DEMO.exec(url);
    if (!found) return url;
    const origin = world.urls[found[1]!];
    if (!origin) {
      problems.push(
        `${url}: the demo world has no "${found[1]}" (it has ${Object.keys(world.urls).join(', ')})`,
      );
      return url;
    }
    return `${origin}${found[2] ?? ''}`;
  };
  const targets = Object.fromEntries(
    Object.entries(config.targets).map(([name, target]) => [
      name,
      resolveTarget(target, resolveUrl, world.crmToken),
    ]),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { ...config, targets };
}

function resolveTarget(
  target: TargetConfig,
  resolveUrl: (url: string) => string,
  crmToken: string,
): TargetConfig {
  const { notification, crm, analytics } = target.probes;
  return {
    ...target,
    url: resolveUrl(target.url),
    probes: {
      analytics,
      notification: notification.map((probe) =>
        'url' in probe ? { ...probe, url: resolveUrl(probe.url) } : probe,
      ),
      crm:
        crm?.use === 'hubspot'
          ? {
              ...crm,
              url: resolveUrl(crm.url),
              token: crm.token ?? (DEMO.test(crm.url) ? new Secret('demo CRM token', crmToken) : undefined),
            }
          : crm,
    },
  };
}
