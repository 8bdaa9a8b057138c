import { describe, expect, it } from 'vitest';
import { parseHealth, parseStatus } from './resilience.queries.ts';
import { breakerStateLabel, rateLabel, serviceName } from './resilience-labels.ts';

const breaker = {
  state: 'CLOSED',
  failureRate: -1,
  slowCallRate: -1,
  bufferedCalls: 0,
  failedCalls: 0,
  successfulCalls: 0,
  notPermittedCalls: 0,
};

describe('résilience payloads', () => {
  it('reads the object keyed by breaker name and ignores malformed entries', () => {
    expect(parseStatus({ claude: breaker, meteoFrance: { ...breaker, state: 'OPEN' }, bad: { state: 1 } })).toEqual({
      claude: breaker,
      meteoFrance: { ...breaker, state: 'OPEN' },
    });
  });

  it('rejects a body that is not an object', () => {
    expect(() => parseStatus('UP')).toThrow();
  });

  it('reads the health summary', () => {
    expect(parseHealth({ status: 'DEGRADED', services: { claude: 'UNHEALTHY', x: 3 } })).toEqual({
      status: 'DEGRADED',
      services: { claude: 'UNHEALTHY' },
    });
  });

  it('speaks French about breakers', () => {
    expect(serviceName('meteoFrance')).toBe('Météo France');
    expect(breakerStateLabel('HALF_OPEN')).toBe('Semi-ouvert : appels d’essai');
    expect(rateLabel(-1)).toBe('pas encore assez d’appels');
    expect(rateLabel(33.333)).toBe('33,3 %');
  });
});
