import { describe, expect, it } from 'vitest';
import { MQTT_USERNAME_PATTERN, RESERVED_USERNAMES } from '@itercraft/shared/mqtt/topics';
import { generateDevicePassword, generateMqttUsername, hashMosquittoPassword, slugify, verifyMosquittoPassword } from './credentials.ts';

// A line written by Debian's `mosquitto_passwd -b passwd dev1 secretsecret123` (Mosquitto 2.0.11).
const MOSQUITTO_PASSWD_LINE =
  'dev1:$7$101$X0KQnF21UkZzojFk$dEDniKyg9noBtnqIr6U5GG/UZUGNXFNp+ggCHuNwA5WBUcVco1e/B4+CGb32knkWqtTXYRnHmqm86VWxiR4guQ==';

describe('Mosquitto $7$ password hashes', () => {
  it('verifies a hash written by mosquitto_passwd, and refuses another password', async () => {
    const hash = MOSQUITTO_PASSWD_LINE.slice('dev1:'.length);
    expect(await verifyMosquittoPassword('secretsecret123', hash)).toBe(true);
    expect(await verifyMosquittoPassword('secretsecret124', hash)).toBe(false);
  });

  it('produces what mosquitto_passwd produces for the same salt and iteration count', async () => {
    const [, , iterations, salt] = MOSQUITTO_PASSWD_LINE.split('$');
    const ours = await hashMosquittoPassword('secretsecret123', Number(iterations), Buffer.from(salt!, 'base64'));
    expect(`dev1:${ours}`).toBe(MOSQUITTO_PASSWD_LINE);
  });

  it('round-trips its own hashes with a random salt each time', async () => {
    const a = await hashMosquittoPassword('correct horse battery');
    const b = await hashMosquittoPassword('correct horse battery');
    expect(a).toMatch(/^\$7\$10000\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(a).not.toBe(b);
    expect(await verifyMosquittoPassword('correct horse battery', a)).toBe(true);
    expect(await verifyMosquittoPassword('correct horse batterx', a)).toBe(false);
  });

  it('refuses other formats instead of guessing', async () => {
    for (const stored of ['', 'plain', '$6$abc$def', '$7$0$AAAA$AAAA', '$7$101$X0KQnF21UkZzojFk$dGVzdA==']) {
      expect(await verifyMosquittoPassword('x', stored)).toBe(false);
    }
  });
});

describe('generated credentials', () => {
  it('gives high-entropy passwords long enough for the broker scripts', () => {
    const passwords = new Set(Array.from({ length: 50 }, generateDevicePassword));
    expect(passwords.size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('derives readable usernames that satisfy the broker and schema pattern', () => {
    const names = ['Station du salon', 'Été – cave n°2', '   ', '!!!', 'x', 'A'.repeat(100), 'admin', 'itercraft-backend'];
    for (const name of names) {
      const username = generateMqttUsername(name);
      expect(username).toMatch(MQTT_USERNAME_PATTERN);
      expect(RESERVED_USERNAMES).not.toContain(username);
    }
    expect(generateMqttUsername('Station du salon')).toMatch(/^station-du-salon-[a-z2-9]{6}$/);
    expect(generateMqttUsername('!!!')).toMatch(/^capteur-[a-z2-9]{6}$/);
    expect(slugify('Été – cave n°2')).toBe('ete-cave-n-2');
  });
});
