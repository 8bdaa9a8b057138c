/**
 * Terraform without a terraform binary (none is installable here): every .tf parses with
 * HashiCorp's HCL parser (@cdktf/hcl2json, WebAssembly) and is laid out exactly as hclwrite's
 * Format (the formatter behind `terraform fmt`, through @cdktf/hcl-tools) would lay it out.
 * Then the parsed configuration is checked for what the host must and must not expose.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from '@cdktf/hcl-tools';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath, run } from './helpers.ts';

const TF = repoPath('devsecops/terraform');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '.terraform' ? [] : filesUnder(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

type Block = Record<string, unknown>;
/** hcl2json's shape: resource → type → name → [body]. */
type Resources = Record<string, Record<string, Block[]>>;
interface Stack { resource?: Resources; data?: Resources; locals?: Block[]; terraform?: Block[]; variable?: Record<string, Block[]> }

async function parseStack(dir: string): Promise<Stack> {
  const merged: Record<string, unknown> = {};
  for (const file of filesUnder(dir, /\.tf$/)) {
    const parsed = (await parse(file, readFileSync(file, 'utf8'))) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed)) {
      const previous = merged[key];
      merged[key] = Array.isArray(value)
        ? [...(Array.isArray(previous) ? (previous as unknown[]) : []), ...(value as unknown[])]
        : { ...(previous as object | undefined), ...(value as object) };
    }
  }
  return merged;
}

/** Resources of one type by name (each file's blocks merged above). */
function resourcesOf(stack: Stack, type: string): Record<string, Block[]> {
  return stack.resource?.[type] ?? {};
}

describe('Terraform', () => {
  let host: Stack;
  let bootstrap: Stack;

  beforeAll(async () => {
    host = await parseStack(join(TF, 'host'));
    bootstrap = await parseStack(join(TF, 'bootstrap'));
  });

  it('parses and is formatted as terraform fmt would format it', async () => {
    const files = filesUnder(TF, /\.(tf|hcl\.example|tfvars\.example)$/);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      if (file.endsWith('.tf')) await parse(file, source);
      expect(await format(source), relative(TF, file)).toBe(source);
    }
  });

  it('catches a syntax error and a misaligned file (the checks are live)', async () => {
    await expect(parse('bad.tf', 'resource "a" "b" {\n  x = \n}\n')).rejects.toThrow(/Invalid expression/);
    expect(await format('x = 1\nlonger = 2\n')).not.toBe('x = 1\nlonger = 2\n');
  });

  it('keeps state in S3 (versioned, encrypted, private) with a DynamoDB lock table', () => {
    expect(Object.keys(host.terraform?.[0]?.backend as object)).toEqual(['s3']);
    expect(Object.keys(resourcesOf(bootstrap, 'aws_s3_bucket_versioning'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(bootstrap, 'aws_s3_bucket_server_side_encryption_configuration'))).toHaveLength(1);
    expect(resourcesOf(bootstrap, 'aws_s3_bucket_public_access_block').state?.[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourcesOf(bootstrap, 'aws_dynamodb_table').locks?.[0]).toMatchObject({ hash_key: 'LockID', billing_mode: 'PAY_PER_REQUEST' });
  });

  it('opens 80/443 and 8883 only, and no SSH', () => {
    expect(resourcesOf(host, 'aws_security_group').host?.[0]).not.toHaveProperty('ingress');
    const ingress = resourcesOf(host, 'aws_vpc_security_group_ingress_rule');
    expect(Object.keys(ingress).sort()).toEqual(['mqtt', 'web_ipv4', 'web_ipv6']);
    expect(ingress.mqtt?.[0]).toMatchObject({ from_port: 8883, to_port: 8883, ip_protocol: 'tcp' });
    for (const rule of [ingress.web_ipv4?.[0], ingress.web_ipv6?.[0]]) {
      expect(rule).toMatchObject({ from_port: '${each.value.port}', to_port: '${each.value.port}', ip_protocol: 'tcp' });
    }
    expect(host.locals?.some((l) => JSON.stringify(l.web_ports) === '[80,443]')).toBe(true);
  });

  it('requires IMDSv2 with one hop, encrypts disks and keeps data on a volume that outlives the host', () => {
    const instance = resourcesOf(host, 'aws_instance').host?.[0] as Block & { metadata_options: Block[]; root_block_device: Block[] };
    expect(instance.metadata_options[0]).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(instance.root_block_device[0]).toMatchObject({ encrypted: true });
    const data = resourcesOf(host, 'aws_ebs_volume').data?.[0] as Block & { lifecycle: Block[] };
    expect(data).toMatchObject({ encrypted: true });
    expect(data.lifecycle[0]).toMatchObject({ prevent_destroy: true });
  });

  it('has a monthly cost budget with e-mail alerts', () => {
    const budget = resourcesOf(host, 'aws_budgets_budget').monthly?.[0] as Block & { notification: Block[] };
    expect(budget).toMatchObject({ budget_type: 'COST', time_unit: 'MONTHLY' });
    expect(budget.notification.map((n) => n.notification_type).sort()).toEqual(['ACTUAL', 'FORECASTED']);
  });

  it('renders the user-data template with exactly the values main.tf passes, into valid bash', async () => {
    const template = readFileSync(join(TF, 'host/user-data.sh.tftpl'), 'utf8');
    // A template is a heredoc body as far as HCL is concerned: parse it as one to check its syntax.
    const parsed = (await parse('template.tf', `locals {\n  t = <<EOT\n${template}EOT\n}\n`)) as { locals: Array<{ t: string }> };
    const rendered = parsed.locals[0]!.t;
    const used = new Set([...rendered.matchAll(/(?<!\$)\$\{([a-z_]+)\}/g)].map((m) => m[1]!));
    const mainTf = readFileSync(join(TF, 'host/main.tf'), 'utf8');
    const call = /templatefile\("\$\{path\.module\}\/user-data\.sh\.tftpl", \{([\s\S]*?)\}\)/.exec(mainTf)?.[1] ?? '';
    const passed = new Set([...call.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]!));
    expect([...used].sort()).toEqual([...passed].sort());
    // Substitute sample values the way templatefile would, then let bash check the syntax.
    const sample: Record<string, string> = {
      region: 'eu-west-3',
      repository_url: 'https://example.org/itercraft.git',
      git_ref: 'v1.0.0',
      env_parameter_name: '/itercraft/prod/env',
      data_volume_serial: 'vol0123456789abcdef0',
    };
    const script = template.replace(/(?<!\$)\$\{([a-z_]+)\}/g, (_, name: string) => sample[name] ?? '').replaceAll('$${', '${');
    const r = run('bash', ['-n'], { input: script });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
