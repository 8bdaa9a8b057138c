/**
 * Runs the firmware's host unit tests (firmware/test/host/*.cpp, a tiny harness, no framework)
 * against the real core sources, once plainly and once under AddressSanitizer + UBSan.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_INCLUDE, FIRMWARE_DIR, newBuild, skipNative, sourcesIn, type Build } from './gpp.ts';

const HOST_DIR = join(FIRMWARE_DIR, 'test', 'host');
let build: Build;

async function declaredTests(): Promise<number> {
  let count = 0;
  for (const file of await sourcesIn(HOST_DIR)) count += ((await readFile(file, 'utf8')).match(/^TEST\(/gm) ?? []).length;
  return count;
}

interface Results {
  tests?: number;
  checks?: number;
  failed?: number;
}

function run(binary: string): { status: number | null; stdout: string; results: Results } {
  const result = spawnSync(binary, { encoding: 'utf8', timeout: 30_000 });
  const line = /^RESULTS tests=(\d+) checks=(\d+) failed=(\d+)$/m.exec(result.stdout);
  const results: Results = line ? { tests: Number(line[1]), checks: Number(line[2]), failed: Number(line[3]) } : {};
  return { status: result.status, stdout: result.stdout, results };
}

describe.skipIf(skipNative)('firmware host unit tests', () => {
  beforeAll(async () => {
    build = await newBuild();
  });
  afterAll(async () => {
    await build?.cleanup();
  });

  it('compile with -Wall -Wextra -Werror and all pass', { timeout: 120_000 }, async () => {
    const binary = await build.compile('host-tests', [...(await sourcesIn(HOST_DIR))], [`-I${HOST_DIR}`]);
    const { status, stdout, results } = run(binary);
    expect(stdout).not.toMatch(/^FAIL/m);
    expect(results).toEqual({ tests: await declaredTests(), checks: expect.any(Number) as number, failed: 0 });
    expect(results.checks).toBeGreaterThan(100);
    expect(status).toBe(0);
  });

  it('pass under AddressSanitizer and UndefinedBehaviorSanitizer', { timeout: 120_000 }, async () => {
    const flags = ['-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', `-I${HOST_DIR}`];
    const binary = await build.compile('host-tests-sanitized', [...(await sourcesIn(HOST_DIR))], flags);
    const { status, results } = run(binary);
    expect(results.failed).toBe(0);
    expect(status).toBe(0);
  });

  it('leave the Arduino sources type-correct against stubs of the APIs they use', { timeout: 120_000 }, async () => {
    // Checks src/*.cpp against lib/core and the declared library signatures; the real build
    // needs PlatformIO and the ESP32 toolchain, which this machine does not have.
    await mkdir(join(build.dir, 'provisioned'), { recursive: true });
    await copyFile(join(FIRMWARE_DIR, 'include', 'credentials.example.h'), join(build.dir, 'provisioned', 'credentials.h'));
    for (const source of await sourcesIn(join(FIRMWARE_DIR, 'src'))) {
      const args = ['-std=gnu++17', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', `-I${join(FIRMWARE_DIR, 'test', 'arduino-stubs')}`];
      args.push(`-I${join(build.dir, 'provisioned')}`, `-I${join(FIRMWARE_DIR, 'include')}`, `-I${CORE_INCLUDE}`, '-DITERCRAFT_FIRMWARE_VERSION="test"', source);
      const result = spawnSync('g++', args, { encoding: 'utf8' });
      expect(result.stderr, source).toBe('');
      expect(result.status, source).toBe(0);
    }
  });

  it('keep the core free of Arduino headers', () => {
    const files = spawnSync('grep', ['-rlE', '#include *[<"](Arduino|WString|WiFi|esp_)', CORE_INCLUDE], { encoding: 'utf8' });
    expect(files.stdout).toBe('');
  });
});
