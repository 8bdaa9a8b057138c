/**
 * Builds the firmware's plain C++ parts with the host's g++, as the brief requires:
 * `-std=c++17 -Wall -Wextra -Werror`, into a temp dir. Shared by host.test.ts and contract.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const CORE_INCLUDE = join(FIRMWARE_DIR, 'lib', 'core', 'src');
const CORE_SOURCE_DIR = join(CORE_INCLUDE, 'itercraft');
export const STRICT_FLAGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror'];

const hasGpp = spawnSync('g++', ['--version']).status === 0;
/** Missing g++ skips these suites locally; under CI=true they must fail instead (see requireGpp). */
export const skipNative = !hasGpp && process.env.CI !== 'true';

export function requireGpp(): void {
  if (!hasGpp) throw new Error('g++ not found: apt-get install g++');
}

export async function sourcesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.cpp')).sort().map((name) => join(dir, name));
}

export const coreSources = (): Promise<string[]> => sourcesIn(CORE_SOURCE_DIR);

export interface Build {
  dir: string;
  /** Compiles `sources` (+ the core) into `name`; throws with the compiler's output on failure. */
  compile(name: string, sources: string[], extraFlags?: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export async function newBuild(): Promise<Build> {
  requireGpp();
  const dir = await mkdtemp(join(tmpdir(), 'itercraft-firmware-'));
  return {
    dir,
    async compile(name, sources, extraFlags = []) {
      const binary = join(dir, name);
      const args = [...STRICT_FLAGS, ...extraFlags, `-I${CORE_INCLUDE}`, ...(await coreSources()), ...sources, '-o', binary];
      const result = spawnSync('g++', args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`g++ failed:\n${result.stderr}`);
      return binary;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
