import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPasswdFile } from './mosquitto-passwd.ts';

const backend = 'itercraft-backend:$7$101$c2FsdHNhbHRzYWx0$aGFzaA==';

describe('renderPasswdFile', () => {
  it('keeps service accounts, replaces every device line by the active devices, sorted', () => {
    const existing = `${backend}\nold-device:$7$101$AAAA$BBBB\nadmin:$7$101$CCCC$DDDD\n`;
    const out = renderPasswdFile(existing, [
      { mqttUsername: 'zeta-sensor', passwordHash: '$7$10000$c2FsdA==$aGFzaDE=' },
      { mqttUsername: 'alpha-sensor', passwordHash: '$7$10000$c2FsdA==$aGFzaDI=' },
    ]);
    expect(out.split('\n')).toEqual([
      backend,
      'admin:$7$101$CCCC$DDDD',
      'alpha-sensor:$7$10000$c2FsdA==$aGFzaDI=',
      'zeta-sensor:$7$10000$c2FsdA==$aGFzaDE=',
      '',
    ]);
  });

  it('never writes a line that could inject another account', () => {
    const out = renderPasswdFile('', [
      { mqttUsername: 'bad-hash', passwordHash: '$7$1$a$b\nevil:$7$1$a$b' },
      { mqttUsername: 'Bad/User', passwordHash: '$7$1$a$b' },
      { mqttUsername: 'itercraft-backend', passwordHash: '$7$1$a$b' },
    ]);
    expect(out).toBe('\n');
  });

  it('is stable: rendering its own output again changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passwd-'));
    try {
      const first = renderPasswdFile(`${backend}\n`, [{ mqttUsername: 'dev-one', passwordHash: '$7$10000$c2FsdA==$aGFzaA==' }]);
      await writeFile(join(dir, 'passwd'), first, { mode: 0o600 });
      const again = renderPasswdFile(await readFile(join(dir, 'passwd'), 'utf8'), [{ mqttUsername: 'dev-one', passwordHash: '$7$10000$c2FsdA==$aGFzaA==' }]);
      expect(again).toBe(first);
      expect((await stat(join(dir, 'passwd'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
