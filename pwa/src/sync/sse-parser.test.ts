import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser.ts';

const encoder = new TextEncoder();

function feed(chunks: (string | Uint8Array)[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(typeof c === 'string' ? encoder.encode(c) : c));
}

/** Every way of cutting `text` in two chunks must give the same events as one chunk. */
function allSplits(text: string): SseEvent[][] {
  const bytes = encoder.encode(text);
  const results: SseEvent[][] = [];
  for (let i = 0; i <= bytes.length; i++) results.push(feed([bytes.slice(0, i), bytes.slice(i)]));
  return results;
}

describe('SseParser', () => {
  it('parses the server frames: named events with JSON data', () => {
    const events = feed(['retry: 2000\n\n', 'event: resync\ndata: {}\n\n', 'event: change\ndata: {"collection":"usages"}\n\n']);
    expect(events).toEqual([
      { event: 'resync', data: '{}', id: '' },
      { event: 'change', data: '{"collection":"usages"}', id: '' },
    ]);
  });

  it('gives the same events whatever the chunk boundaries (bytes, CRLF, UTF-8)', () => {
    const text = 'event: change\r\ndata: {"collection":"maintenanceSessions","é":"ü"}\r\n\r\nevent: heartbeat\rdata: {"serverTime":1}\r\r';
    const expected = [
      { event: 'change', data: '{"collection":"maintenanceSessions","é":"ü"}', id: '' },
      { event: 'heartbeat', data: '{"serverTime":1}', id: '' },
    ];
    for (const result of allSplits(text)) expect(result).toEqual(expected);
    // One byte at a time.
    expect(feed([...encoder.encode(text)].map((b) => new Uint8Array([b])))).toEqual(expected);
  });

  it('ignores comments and events without data, joins multi-line data', () => {
    const events = feed([': keep-alive\n\n', 'event: x\n\n', 'data: line 1\ndata:line 2\ndata\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'line 1\nline 2\n', id: '' }]);
  });

  it('keeps the last event id and reads retry', () => {
    const parser = new SseParser();
    const events = parser.push('id: 7\nretry: 1500\ndata: a\n\ndata: b\n\n');
    expect(events.map((e) => e.id)).toEqual(['7', '7']);
    expect(parser.retryMs).toBe(1500);
  });

  it('waits for the blank line before dispatching', () => {
    const parser = new SseParser();
    expect(parser.push('event: resync\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'resync', data: '{}', id: '' }]);
  });
});
