/** Prometheus metrics; the names here are the ones Grafana dashboards in devsecops/ use. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'itercraft_' });
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'itercraft_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'itercraft_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    syncPulledDocs: new Counter({
      name: 'itercraft_sync_pulled_documents_total',
      help: 'Documents handed out by pull',
      labelNames: ['collection'] as const,
      registers: [registry],
    }),
    syncPushOutcomes: new Counter({
      name: 'itercraft_sync_push_rows_total',
      help: 'Pushed rows by outcome',
      labelNames: ['collection', 'outcome'] as const,
      registers: [registry],
    }),
    streamClients: new Gauge({
      name: 'itercraft_sync_stream_clients',
      help: 'Connected replication stream clients',
      registers: [registry],
    }),
    streamDropped: new Counter({
      name: 'itercraft_sync_stream_dropped_total',
      help: 'Stream clients cut off because their buffer was full',
      registers: [registry],
    }),
    mqttMessages: new Counter({
      name: 'itercraft_mqtt_messages_total',
      help: 'MQTT messages received by the relay, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    mqttIngestLatency: new Histogram({
      name: 'itercraft_mqtt_ingest_latency_seconds',
      help: 'Time from MQTT receive to commit',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'itercraft_circuit_breaker_state',
      help: 'Circuit breaker state (0 closed, 1 half-open, 2 open)',
      labelNames: ['breaker'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
