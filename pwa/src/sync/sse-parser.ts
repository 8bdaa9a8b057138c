/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation"), fed with raw
 * byte chunks from fetch's ReadableStream. Native EventSource cannot send an Authorization
 * header, so the replication stream is read with fetch, in browsers and in Node alike.
 *
 * Handles lines split across chunks (including a CRLF split between two chunks and multi-byte
 * UTF-8 characters split between chunks), `\n`, `\r\n` and `\r` line ends, comments (`:`),
 * multi-line `data`, `event`, `id` and `retry` fields.
 */

export interface SseEvent {
  /** `message` when the stream gave no `event:` field. */
  event: string;
  data: string;
  /** Last event id seen on the stream (sticky, as in EventSource). */
  id: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** The previous chunk ended with '\r': a '\n' at the start of the next one belongs to it. */
  private pendingCR = false;
  private eventType = '';
  private dataLines: string[] = [];
  private lastEventId = '';
  /** Reconnection delay requested by the server (`retry:` field), if any. */
  retryMs: number | null = null;

  /** Feeds one chunk; returns the events completed by it. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
    this.pendingCR = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCR = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private processLine(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const hasData = this.dataLines.length > 0;
    const event: SseEvent = { event: this.eventType || 'message', data: this.dataLines.join('\n'), id: this.lastEventId };
    this.eventType = '';
    this.dataLines = [];
    return hasData ? event : null;
  }
}
