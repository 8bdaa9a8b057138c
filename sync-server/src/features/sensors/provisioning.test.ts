import { describe, expect, it } from 'vitest';
import { brokerAddressForDevices, credentialsHeader } from './provisioning.ts';

describe('brokerAddressForDevices', () => {
  it('prefers MQTT_PUBLIC_URL', () => {
    expect(brokerAddressForDevices({ publicUrl: 'mqtts://mqtt.example.org:8883', brokerUrl: 'mqtts://mosquitto:8883', requestHost: 'api.example.org' })).toEqual({
      host: 'mqtt.example.org',
      port: 8883,
      tls: true,
    });
  });

  it('uses the broker URL when it is a public name, with the default port of its scheme', () => {
    expect(brokerAddressForDevices({ publicUrl: undefined, brokerUrl: 'mqtts://mqtt.example.org', requestHost: 'x' })).toEqual({ host: 'mqtt.example.org', port: 8883, tls: true });
  });

  it('falls back to the host the user reached the app on for loopback or container-internal brokers', () => {
    expect(brokerAddressForDevices({ publicUrl: undefined, brokerUrl: 'mqtt://127.0.0.1:1884', requestHost: '192.168.1.20:8080' })).toEqual({ host: '192.168.1.20', port: 1884, tls: false });
    expect(brokerAddressForDevices({ publicUrl: undefined, brokerUrl: 'mqtts://mosquitto:8883', requestHost: 'home.example.org' }).host).toBe('home.example.org');
  });
});

describe('credentialsHeader', () => {
  const base = { username: 'salon-abc234', password: 'p"a\\ss', intervalSeconds: 120, broker: { host: 'mqtt.example.org', port: 8883, tls: true }, now: Date.UTC(2026, 1, 1) };

  it('writes the defines provision-device.sh writes, with C-escaped values', () => {
    const file = credentialsHeader({ ...base, deviceName: 'Salon "sud"\n', caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    expect(file.filename).toBe('credentials.h');
    expect(file.content).toContain('#define ITERCRAFT_MQTT_USERNAME "salon-abc234"');
    expect(file.content).toContain('#define ITERCRAFT_MQTT_PASSWORD "p\\"a\\\\ss"');
    expect(file.content).toContain('#define ITERCRAFT_DEVICE_NAME "Salon \\"sud\\" "');
    expect(file.content).toContain('#define ITERCRAFT_MQTT_HOST "mqtt.example.org"');
    expect(file.content).toContain('#define ITERCRAFT_MQTT_PORT 8883');
    expect(file.content).toContain('#define ITERCRAFT_INTERVAL_S 120');
    expect(file.content).toContain('R"PEM(-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n)PEM";');
    expect(file.content).toContain('2026-02-01T00:00:00.000Z');
  });

  it('refuses an interval the firmware would not compile with', () => {
    expect(() => credentialsHeader({ ...base, intervalSeconds: 5, deviceName: 'x', caPem: null })).toThrow(RangeError);
    expect(() => credentialsHeader({ ...base, intervalSeconds: 86_401, deviceName: 'x', caPem: null })).toThrow(RangeError);
  });

  it('says so when there is no CA to embed', () => {
    const file = credentialsHeader({ ...base, deviceName: 'x', caPem: null });
    expect(file.content).toContain('R"PEM()PEM";');
    expect(file.content).toMatch(/No CA/);
  });
});
