/**
 * Prometheus metrics for the sync (prom-client), on a registry of their own: deliveries by
 * outcome, attempt time, submit-to-delivered latency, and, read from the store at each scrape,
 * queue depth and the age of the oldest waiting record per connector.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineContext } from '../context.js';
import { queueFigures } from './service.js';

export class SyncMetrics {
  readonly registry = new Registry();
  readonly outcomes: Counter<'connector' | 'outcome'>;
  readonly attemptSeconds: Histogram<'connector'>;
  readonly latencySeconds: Histogram<'connector'>;

  constructor(ctx: EngineContext, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'caseforms_' });
    this.outcomes = new Counter({
      name: 'caseforms_deliveries_total',
      help: 'Delivery attempts by connector and outcome: delivered, retry (will be tried again), dead (dead-lettered).',
      labelNames: ['connector', 'outcome'],
      registers,
    });
    this.attemptSeconds = new Histogram({
      name: 'caseforms_delivery_attempt_seconds',
      help: 'Time one delivery attempt took (the connector call), by connector.',
      labelNames: ['connector'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.latencySeconds = new Histogram({
      name: 'caseforms_delivery_latency_seconds',
      help: 'Time from a record being submitted to its delivery being confirmed, by connector.',
      labelNames: ['connector'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
      registers,
    });
    // The queue lives in the store, so every process reports the same figures. One store read per
    // scrape serves all three gauges (prom-client calls each gauge's collect in turn).
    let pending: Promise<void> | null = null;
    const collect = () => (pending ??= read().finally(() => setTimeout(() => (pending = null), 0)));
    const depth = new Gauge({ name: 'caseforms_outbox_entries', help: 'Outbox entries by connector and state (pending, leased, delivered, dead).', labelNames: ['connector', 'state'], registers, collect });
    const oldest = new Gauge({ name: 'caseforms_outbox_oldest_waiting_seconds', help: 'Age of the oldest record still waiting or in flight, by connector (0 when none).', labelNames: ['connector'], registers, collect });
    const paused = new Gauge({ name: 'caseforms_connector_paused', help: '1 when the connector is paused.', labelNames: ['connector'], registers, collect });
    const read = async () => {
      const figures = await queueFigures(ctx);
      const now = ctx.now().getTime();
      depth.reset();
      oldest.reset();
      paused.reset();
      for (const f of figures) {
        for (const [state, n] of Object.entries(f.counts)) depth.set({ connector: f.connector, state }, n);
        oldest.set({ connector: f.connector }, f.oldestWaitingSince ? Math.max(0, (now - Date.parse(f.oldestWaitingSince)) / 1000) : 0);
        paused.set({ connector: f.connector }, f.paused ? 1 : 0);
      }
    };
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
