import { describe, expect, it } from 'vitest';
import { isValidTopicFilter, mayPublish, mayRead, maySubscribe, roleOf, topicMatchesFilter } from './acl.ts';

describe('topicMatchesFilter', () => {
  it.each([
    ['sensors/#', 'sensors/dev1/reading', true],
    ['sensors/#', 'sensors', true],
    ['sensors/+/reading', 'sensors/dev1/reading', true],
    ['sensors/+/reading', 'sensors/dev1/x/reading', false],
    ['sensors/+', 'sensors/dev1/reading', false],
    ['#', '$SYS/broker/uptime', false],
    ['+/x', '$SYS/x', false],
    ['a/b', 'a/b', true],
    ['a/b', 'a/b/c', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(filter, topic)).toBe(expected);
  });

  it('validates filters', () => {
    for (const ok of ['#', 'a/+/b', 'a/#', '+', '$share/g/a/#']) expect(isValidTopicFilter(ok)).toBe(true);
    for (const bad of ['', 'a/#/b', 'a#', 'a/b+', 'a/\u0000']) expect(isValidTopicFilter(bad)).toBe(false);
  });
});

describe('mayPublish', () => {
  it('lets a device publish only its readings and its status', () => {
    expect(mayPublish('device', 'dev1', 'sensors/dev1/reading')).toBe(true);
    expect(mayPublish('device', 'dev1', 'sensors/dev1')).toBe(true);
    expect(mayPublish('device', 'dev1', 'sensors/dev1/a/b')).toBe(true);
    expect(mayPublish('device', 'dev1', 'devices/dev1/status')).toBe(true);
    expect(mayPublish('device', 'dev1', 'sensors/dev2/reading')).toBe(false);
    expect(mayPublish('device', 'dev1', 'devices/dev1/other')).toBe(false);
    expect(mayPublish('device', 'dev1', 'devices/dev2/status')).toBe(false);
    expect(mayPublish('device', 'dev1', 'commands/dev1/interval')).toBe(false);
    expect(mayPublish('device', 'dev1', 'broadcast/hello')).toBe(false);
  });

  it('lets the backend write commands, and (as Mosquitto patterns do) its own sensor subtree', () => {
    expect(mayPublish('backend', 'itercraft-backend', 'commands/dev1/interval')).toBe(true);
    expect(mayPublish('backend', 'itercraft-backend', 'sensors/dev1/reading')).toBe(false);
    expect(mayPublish('backend', 'itercraft-backend', 'devices/dev1/status')).toBe(false);
    expect(mayPublish('backend', 'itercraft-backend', 'sensors/itercraft-backend/x')).toBe(true);
  });

  it('refuses wildcards in a topic name and usernames that could escape their subtree', () => {
    expect(mayPublish('device', 'dev1', 'sensors/dev1/#')).toBe(false);
    expect(mayPublish('device', 'dev/x', 'sensors/dev/x/reading')).toBe(false);
    expect(mayPublish('device', '+', 'sensors/a/reading')).toBe(false);
  });
});

describe('mayRead', () => {
  it('delivers a device its own commands and broadcasts only', () => {
    expect(mayRead('device', 'dev1', 'commands/dev1/interval')).toBe(true);
    expect(mayRead('device', 'dev1', 'broadcast/maintenance')).toBe(true);
    expect(mayRead('device', 'dev1', 'commands/dev2/interval')).toBe(false);
    expect(mayRead('device', 'dev1', 'sensors/dev1/reading')).toBe(false);
    expect(mayRead('device', 'dev1', 'devices/dev2/status')).toBe(false);
  });

  it('delivers the backend every reading and status', () => {
    expect(mayRead('backend', 'itercraft-backend', 'sensors/dev1/reading')).toBe(true);
    expect(mayRead('backend', 'itercraft-backend', 'devices/dev1/status')).toBe(true);
    expect(mayRead('backend', 'itercraft-backend', 'commands/dev1/interval')).toBe(false);
  });
});

describe('maySubscribe', () => {
  it.each([
    ['commands/dev1/#', true],
    ['commands/dev1/interval', true],
    ['commands/dev1', true],
    ['commands/dev1/+', true],
    ['broadcast/#', true],
    ['commands/dev2/#', false],
    ['commands/#', false],
    ['commands/+/interval', false],
    ['#', false],
    ['sensors/dev1/#', false],
    ['$share/g/commands/dev1/#', true],
    ['$share/g/commands/#', false],
  ])('device dev1 → %s: %s', (filter, expected) => {
    expect(maySubscribe('device', 'dev1', filter)).toBe(expected);
  });

  it.each([
    ['sensors/#', true],
    ['$share/itercraft/sensors/#', true],
    ['sensors/+/reading', true],
    ['devices/+/status', true],
    ['$share/itercraft/devices/#', true],
    ['commands/#', false],
    ['#', false],
    ['$share/itercraft', false],
    ['$share//sensors/#', false],
    ['$SYS/#', false],
  ])('backend → %s: %s', (filter, expected) => {
    expect(maySubscribe('backend', 'itercraft-backend', filter)).toBe(expected);
  });
});

describe('roleOf', () => {
  it('derives the role from the account name as Mosquitto does', () => {
    expect(roleOf('itercraft-backend')).toBe('backend');
    expect(roleOf('esp32-salon')).toBe('device');
  });
});
