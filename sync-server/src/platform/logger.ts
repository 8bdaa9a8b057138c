import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'itercraft'): Logger {
  return pino({ name, level, base: { service: 'sync-server' } });
}
