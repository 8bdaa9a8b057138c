import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { aclPatternRules, aclUserRules } from '@itercraft/shared/mqtt/acl';
import { deviceStatusPayloadSchema, intervalCommandSchema, parseReading } from '@itercraft/shared/mqtt/payload';
import { BACKEND_USERNAME, parseCommandTopic, parseDeviceStatusTopic, parseSensorTopic } from '@itercraft/shared/mqtt/topics';
import * as diagrams from './iot/iot.diagrams.ts';
import { aclRows, EXAMPLE_INTERVAL_COMMAND, EXAMPLE_READING, EXAMPLE_STATUS, EXAMPLE_TOPICS, EXAMPLE_USERNAME } from './iot/iot-examples.ts';
import { IotPage } from './iot-page.tsx';
import { diagramTexts, renderPage } from './page-test-kit.tsx';

// Only the texts are under test here; the drawing is checked in Chromium (e2e/pwa-diagrams).
vi.mock('../components/diagram/mermaid-loader.ts', () => ({
  renderMermaid: () => new Promise<string>(() => undefined),
  withAccessibility: (source: string) => source,
}));

describe('IoT page', () => {
  it('shows a reading the relay really accepts, with every field of the wire format', () => {
    const result = parseReading(JSON.stringify(EXAMPLE_READING), Date.parse(EXAMPLE_READING.timestamp) + 1000);
    expect(result).toMatchObject({ ok: true, reading: { device: 'meteoStation_1', dhtTemperature: 20.7, luminosity: 77 } });
    const { container } = renderPage(<IotPage />);
    const blocks = [...container.querySelectorAll('pre code')].map((el) => JSON.parse(el.textContent ?? '') as unknown);
    expect(blocks).toEqual([EXAMPLE_READING, EXAMPLE_STATUS, EXAMPLE_INTERVAL_COMMAND]);
  });

  it('shows a status and a command that the shared contract accepts', () => {
    expect(deviceStatusPayloadSchema.parse(EXAMPLE_STATUS)).toEqual(EXAMPLE_STATUS);
    expect(intervalCommandSchema.parse(EXAMPLE_INTERVAL_COMMAND)).toEqual(EXAMPLE_INTERVAL_COMMAND);
  });

  it('names the topics the firmware and the relay use, owned by the device account', () => {
    expect(parseSensorTopic(EXAMPLE_TOPICS.reading)).toEqual({ username: EXAMPLE_USERNAME, subtopic: 'reading' });
    expect(parseDeviceStatusTopic(EXAMPLE_TOPICS.status)).toEqual({ username: EXAMPLE_USERNAME });
    expect(parseCommandTopic(EXAMPLE_TOPICS.interval)).toEqual({ username: EXAMPLE_USERNAME, name: 'interval' });
    renderPage(<IotPage />);
    for (const topic of Object.values(EXAMPLE_TOPICS)) expect(screen.getByText(topic)).toBeTruthy();
  });

  it('lists every rule of the broker ACL, and only those', () => {
    const rules = [...aclPatternRules, ...(aclUserRules[BACKEND_USERNAME] ?? [])];
    expect(aclRows().map((r) => r.filter)).toEqual(rules.map((r) => r.filter));
    const { container } = renderPage(<IotPage />);
    const table = [...container.querySelectorAll('table')].find((t) => t.textContent?.includes('sensors/%u/#'));
    expect(table?.querySelectorAll('tbody tr')).toHaveLength(rules.length);
  });

  it('describes the relay subscription as plain sensors/#, the shared one as an option only', () => {
    expect(diagrams.pipelineDiagram.source).toContain('abonnement sensors/#');
    expect(diagrams.trustDiagram.source).not.toMatch(/partagé/);
    const text = diagramTexts(diagrams).join('\n');
    for (const sentence of text.split(/\n|(?<=[.;])\s/)) {
      if (/\$share|partagé/.test(sentence)) expect(sentence).toMatch(/option/);
    }
  });
});
