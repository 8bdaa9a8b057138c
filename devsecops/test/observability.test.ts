/**
 * Observability configuration against the server's real metrics: every metric name used by the
 * Grafana dashboards and the Prometheus alert rules is registered by
 * sync-server/src/platform/metrics.ts (its registry is built and listed, so default metrics and
 * histogram series are covered exactly); the PromQL parses (promtool); the alert rules fire
 * and stay quiet as intended (promtool test rules); provisioning refers to existing data sources.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../sync-server/src/platform/metrics.ts';
import { readJson, readYaml, repoPath, requireTools, run, skipWithout } from './helpers.ts';

const OBS = repoPath('devsecops/observability');
const DASHBOARD_DIR = join(OBS, 'grafana/dashboards');

interface Target { expr?: string; datasource?: { type?: string; uid?: string } }
interface Panel { type: string; title?: string; datasource?: { uid?: string }; targets?: Target[]; panels?: Panel[] }
interface Dashboard { uid: string; title: string; panels: Panel[]; templating: { list: Array<{ datasource?: { uid?: string }; definition?: string }> } }
interface RuleFile { groups: Array<{ name: string; rules: Array<{ alert?: string; expr: string }> }> }

const dashboards = readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, board: readJson<Dashboard>(join(DASHBOARD_DIR, f)) }));

const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

/** PromQL expressions of a dashboard (Loki queries excluded). */
function promExprs(board: Dashboard): string[] {
  return panelsOf(board.panels)
    .flatMap((p) => p.targets ?? [])
    .filter((t) => (t.datasource?.type ?? 'prometheus') === 'prometheus' && t.expr)
    .map((t) => t.expr!)
    .concat(board.templating.list.map((v) => v.definition ?? '').filter(Boolean));
}

/** Grafana's macros and variables replaced by values PromQL accepts. */
const concrete = (expr: string): string => expr.replaceAll('$__rate_interval', '5m').replaceAll('$__range', '1h').replaceAll('$instance', '.*');

/** Every series name the server exposes: counters/gauges as is, histograms with _bucket/_sum/_count. */
async function exposedSeries(): Promise<Set<string>> {
  const { registry } = createMetrics();
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    const type = String(metric.type);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

const itercraftNames = (expr: string): string[] => [...expr.matchAll(/\bitercraft_[a-z0-9_]+/g)].map((m) => m[0]);

describe.skipIf(skipWithout('python3'))('metric names', () => {
  let exposed: Set<string>;
  let alertExprs: string[];

  beforeAll(async () => {
    requireTools('python3');
    exposed = await exposedSeries();
    alertExprs = readYaml<RuleFile>(join(OBS, 'prometheus/alerts.yml')).groups.flatMap((g) => g.rules.map((r) => r.expr));
  });

  it('includes the two dashboards the deployment promises', () => {
    expect(dashboards.map((d) => d.board.title).sort()).toEqual(['Itercraft IoT', 'Itercraft sync']);
    expect(new Set(dashboards.map((d) => d.board.uid)).size).toBe(dashboards.length);
  });

  it('uses only metrics the sync server registers, in every dashboard and alert rule', () => {
    const used = [...dashboards.flatMap((d) => promExprs(d.board)), ...alertExprs].flatMap(itercraftNames);
    expect(used.length).toBeGreaterThan(30);
    const unknown = [...new Set(used)].filter((name) => !exposed.has(name));
    expect(unknown).toEqual([]);
  });

  it('covers HTTP, pull/push, conflicts and rejections, stream clients, MQTT outcomes and ingest latency', () => {
    const sync = dashboards.find((d) => d.board.title === 'Itercraft sync')!.board;
    const iot = dashboards.find((d) => d.board.title === 'Itercraft IoT')!.board;
    const syncText = promExprs(sync).join('\n');
    for (const needle of ['itercraft_http_requests_total', 'itercraft_http_request_duration_seconds_bucket', 'itercraft_sync_pulled_documents_total', 'outcome="conflict"', 'outcome="rejected"', 'itercraft_sync_stream_clients', 'itercraft_sync_stream_dropped_total']) {
      expect(syncText, needle).toContain(needle);
    }
    const iotText = promExprs(iot).join('\n');
    expect(iotText).toContain('sum by (outcome) (rate(itercraft_mqtt_messages_total');
    expect(iotText).toContain('itercraft_mqtt_ingest_latency_seconds_bucket');
  });

  it('alerts on a down server, 5xx rate, stream drops, relay rejects and open breakers', () => {
    const byName = new Map(
      readYaml<RuleFile>(join(OBS, 'prometheus/alerts.yml')).groups.flatMap((g) => g.rules).map((r) => [r.alert ?? '', r.expr] as const),
    );
    expect(byName.get('ItercraftSyncServerDown')).toContain('up{job="sync-server"}');
    expect(byName.get('ItercraftHigh5xxRate')).toContain('status=~"5.."');
    expect(byName.get('ItercraftStreamClientsDropped')).toContain('itercraft_sync_stream_dropped_total');
    expect(byName.get('ItercraftMqttRelayRejects')).toContain('itercraft_mqtt_messages_total{outcome!="accepted"}');
    expect(byName.get('ItercraftCircuitBreakerOpen')).toContain('itercraft_circuit_breaker_state');
  });

  it('scrapes the sync server on the internal network, where the alerts expect its job', () => {
    const prom = readYaml<{ scrape_configs: Array<{ job_name: string; metrics_path?: string; dns_sd_configs?: Array<{ names: string[]; port: number }> }> }>(
      join(OBS, 'prometheus/prometheus.yml'),
    );
    const job = prom.scrape_configs.find((c) => c.job_name === 'sync-server');
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.dns_sd_configs?.[0]).toMatchObject({ names: ['sync-server'], port: 8080 });
  });
});

describe.skipIf(skipWithout('promtool', 'python3'))('promtool', () => {
  beforeAll(() => requireTools('promtool', 'python3'));

  it('accepts prometheus.yml and alerts.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itercraft-prom-'));
    // The config names the rule file by its path inside the container.
    const config = readFileSync(join(OBS, 'prometheus/prometheus.yml'), 'utf8').replace('/etc/prometheus/alerts.yml', join(OBS, 'prometheus/alerts.yml'));
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const r = run('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('passes the alert unit tests (alerts.test.yml)', () => {
    const r = run('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: join(OBS, 'prometheus') });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('parses every dashboard query as PromQL', () => {
    const exprs = dashboards.flatMap((d) => promExprs(d.board).filter((e) => !e.startsWith('label_values(')));
    const rules = { groups: [{ name: 'dashboards', rules: exprs.map((e, i) => ({ record: `dashboard:query:${i}`, expr: concrete(e) })) }] };
    const dir = mkdtempSync(join(tmpdir(), 'itercraft-promql-'));
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify(rules)); // JSON is YAML
    const r = run('promtool', ['check', 'rules', join(dir, 'rules.yml')]);
    expect(r.stdout + r.stderr).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(r.status).toBe(0);
  });

  it('rejects a broken query (the check is live)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itercraft-promql-'));
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [{ name: 'x', rules: [{ record: 'x:y', expr: 'sum(rate(itercraft_http_requests_total[5m])' }] }] }));
    expect(run('promtool', ['check', 'rules', join(dir, 'rules.yml')]).status).not.toBe(0);
  });
});

describe.skipIf(skipWithout('python3'))('Grafana provisioning', () => {
  beforeAll(() => requireTools('python3'));

  it('points every panel at a provisioned data source', () => {
    const sources = readYaml<{ datasources: Array<{ uid: string; type: string }> }>(join(OBS, 'grafana/provisioning/datasources/datasources.yml')).datasources;
    const uids = new Set(sources.map((s) => s.uid));
    expect([...uids].sort()).toEqual(['loki', 'prometheus', 'tempo']);
    for (const { board } of dashboards) {
      for (const panel of panelsOf(board.panels).filter((p) => p.type !== 'row')) {
        expect(uids.has(panel.datasource?.uid ?? ''), `${board.title} / ${panel.title}`).toBe(true);
        for (const t of panel.targets ?? []) expect(uids.has(t.datasource?.uid ?? ''), `${board.title} / ${panel.title}`).toBe(true);
      }
    }
  });

  it('loads the dashboards folder that docker-compose.yml mounts', () => {
    const providers = readYaml<{ providers: Array<{ options: { path: string } }> }>(join(OBS, 'grafana/provisioning/dashboards/dashboards.yml')).providers;
    expect(providers.map((p) => p.options.path)).toEqual(['/var/lib/grafana/dashboards']);
    expect(readFileSync(repoPath('docker-compose.yml'), 'utf8')).toContain('./devsecops/observability/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });
});
