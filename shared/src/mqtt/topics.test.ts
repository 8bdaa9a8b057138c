import { describe, expect, it } from 'vitest';
import {
  BACKEND_SENSOR_SUBSCRIPTION,
  commandFilter,
  commandTopic,
  deviceStatusTopic,
  isDeviceUsername,
  isValidMqttUsername,
  parseCommandTopic,
  parseDeviceStatusTopic,
  parseSensorTopic,
  sensorTopic,
} from './topics.ts';

describe('topic builders', () => {
  it('builds the layout the firmware and the ACL use', () => {
    expect(sensorTopic('esp32-salon')).toBe('sensors/esp32-salon/reading');
    expect(sensorTopic('esp32-salon', 'garage')).toBe('sensors/esp32-salon/garage');
    expect(deviceStatusTopic('esp32-salon')).toBe('devices/esp32-salon/status');
    expect(commandTopic('esp32-salon', 'interval')).toBe('commands/esp32-salon/interval');
    expect(commandFilter('esp32-salon')).toBe('commands/esp32-salon/#');
    expect(BACKEND_SENSOR_SUBSCRIPTION).toBe('$share/itercraft/sensors/#');
  });

  it.each(['a/b', 'dev+', 'dev#', 'ab', 'Dev1', 'laurent@itercraft.com', '', '-dev'])('refuses the username %j', (username) => {
    expect(() => sensorTopic(username)).toThrow(TypeError);
    expect(() => deviceStatusTopic(username)).toThrow(TypeError);
    expect(() => commandFilter(username)).toThrow(TypeError);
  });

  it('refuses a sensor name that would add levels or wildcards', () => {
    for (const name of ['a/b', '+', '#', '']) expect(() => sensorTopic('dev1', name)).toThrow(TypeError);
  });
});

describe('usernames', () => {
  it('accepts device names and the backend account, but only devices count as devices', () => {
    expect(isValidMqttUsername('esp32-abc123')).toBe(true);
    expect(isValidMqttUsername('itercraft-backend')).toBe(true);
    expect(isDeviceUsername('esp32-abc123')).toBe(true);
    expect(isDeviceUsername('itercraft-backend')).toBe(false);
    expect(isDeviceUsername('admin')).toBe(false);
  });
});

describe('parseSensorTopic', () => {
  it('finds the owner of a reading topic', () => {
    expect(parseSensorTopic('sensors/esp32-salon/reading')).toEqual({ username: 'esp32-salon', subtopic: 'reading' });
    expect(parseSensorTopic('sensors/esp32-salon/a/b')).toEqual({ username: 'esp32-salon', subtopic: 'a/b' });
    // the ACL's sensors/%u/# also lets a device publish to sensors/<itself>
    expect(parseSensorTopic('sensors/esp32-salon')).toEqual({ username: 'esp32-salon', subtopic: '' });
  });

  it.each(['devices/dev1/status', 'sensors', 'sensors/', 'sensors/Laurent@x.fr/t', 'sensor/dev1/reading', '/sensors/dev1/reading', 'sensors/dev1/+'])(
    'returns null for %j',
    (topic) => {
      expect(parseSensorTopic(topic)).toBeNull();
    },
  );
});

describe('parseDeviceStatusTopic / parseCommandTopic', () => {
  it('parses the exact shapes only', () => {
    expect(parseDeviceStatusTopic('devices/dev1/status')).toEqual({ username: 'dev1' });
    expect(parseDeviceStatusTopic('devices/dev1/status/x')).toBeNull();
    expect(parseDeviceStatusTopic('devices/dev1/other')).toBeNull();
    expect(parseCommandTopic('commands/dev1/interval')).toEqual({ username: 'dev1', name: 'interval' });
    expect(parseCommandTopic('commands/dev1/reboot')).toBeNull();
    expect(parseCommandTopic('commands/dev1/interval/x')).toBeNull();
  });
});
