import { describe, expect, it } from 'vitest';
import { filterWithin, isValidMqttUsername, mayPublish, maySubscribe, topicMatches, withoutSharePrefix } from './broker-acl.ts';

const device = { username: 'esp32-salon', role: 'device' } as const;
const backend = { username: 'itercraft-backend', role: 'backend' } as const;

describe('topic rules', () => {
  it('matches topics against wildcard filters the MQTT way', () => {
    expect(topicMatches('sensors/#', 'sensors/a/b')).toBe(true);
    expect(topicMatches('sensors/#', 'sensors')).toBe(true);
    expect(topicMatches('sensors/+/temp', 'sensors/a/temp')).toBe(true);
    expect(topicMatches('sensors/+/temp', 'sensors/a/b/temp')).toBe(false);
    expect(topicMatches('devices/a/status', 'devices/a/status/x')).toBe(false);
  });

  it('accepts a subscription filter only when it is inside a rule', () => {
    expect(filterWithin('commands/a/#', 'commands/a/#')).toBe(true);
    expect(filterWithin('commands/a/reboot', 'commands/a/#')).toBe(true);
    expect(filterWithin('commands/+/reboot', 'commands/a/#')).toBe(false);
    expect(filterWithin('commands/#', 'commands/a/#')).toBe(false);
    expect(filterWithin('devices/+/status', 'devices/#')).toBe(true);
  });

  it('gives a device its own sensor and status topics only', () => {
    expect(mayPublish(device, 'sensors/esp32-salon/temperature')).toBe(true);
    expect(mayPublish(device, 'devices/esp32-salon/status')).toBe(true);
    expect(mayPublish(device, 'sensors/esp32-cave/temperature')).toBe(false);
    expect(mayPublish(device, 'devices/esp32-salon/config')).toBe(false);
    expect(mayPublish(device, 'commands/esp32-salon/reboot')).toBe(false);
    expect(maySubscribe(device, 'commands/esp32-salon/#')).toBe(true);
    expect(maySubscribe(device, 'broadcast/#')).toBe(true);
    expect(maySubscribe(device, 'commands/esp32-cave/#')).toBe(false);
    expect(maySubscribe(device, '$share/g/commands/esp32-salon/#')).toBe(false);
  });

  it('lets the backend read sensors and devices (also shared) and write commands', () => {
    expect(maySubscribe(backend, 'sensors/#')).toBe(true);
    expect(maySubscribe(backend, '$share/relay/sensors/#')).toBe(true);
    expect(maySubscribe(backend, '$share/relay/devices/+/status')).toBe(true);
    expect(maySubscribe(backend, 'commands/#')).toBe(false);
    expect(maySubscribe(backend, '#')).toBe(false);
    expect(mayPublish(backend, 'commands/esp32-salon/reboot')).toBe(true);
    expect(mayPublish(backend, 'sensors/esp32-salon/temperature')).toBe(false);
    expect(withoutSharePrefix('$share/relay/sensors/#')).toEqual({ filter: 'sensors/#', shared: true });
  });

  it('refuses usernames that would add topic levels or wildcards', () => {
    expect(isValidMqttUsername('laurent@itercraft.com')).toBe(true);
    for (const bad of ['', 'a/b', 'a+', '#', '$SYS']) expect(isValidMqttUsername(bad)).toBe(false);
  });
});
