import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricSpec } from './metrics.ts';

/**
 * prom-client instruments built from their entry in METRICS, typed with that entry's label names:
 * a label the table does not give (`{ targte: 'x' }`) is a compile error instead of a series
 * that no alert rule or dashboard reads. Each builder takes only its own kind of spec, so a
 * counter's entry cannot become a gauge either.
 */

/** The label names of a spec, as a union of string literals. */
export type LabelName<S extends MetricSpec> = S['labels'][number];

export function counterOf<S extends MetricSpec & { type: 'counter' }>(
  spec: S,
  registry: Registry,
): Counter<LabelName<S>> {
  return new Counter({ name: spec.name, help: spec.help, labelNames: spec.labels, registers: [registry] });
}

export function gaugeOf<S extends MetricSpec & { type: 'gauge' }>(
  spec: S,
  registry: Registry,
): Gauge<LabelName<S>> {
  return new Gauge({ name: spec.name, help: spec.help, labelNames: spec.labels, registers: [registry] });
}

export function histogramOf<S extends MetricSpec & { type: 'histogram'; buckets: readonly number[] }>(
  spec: S,
  registry: Registry,
): Histogram<LabelName<S>> {
  return new Histogram({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labels,
    // prom-client takes a mutable array; the table's stays untouched.
    buckets: [...spec.buckets],
    registers: [registry],
  });
}
