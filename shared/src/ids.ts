/**
 * Deterministic ids for documents that two offline devices may create independently and that
 * must converge to one (a private activity with a given code, a subscription to a service,
 * a game in a collection). Not a security boundary: the server checks ownership on every write.
 */

/** 128-bit non-cryptographic hash (four interleaved 32-bit FNV/murmur-style lanes), as 32 hex chars. */
export function hash128(input: string): string {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193,
    h3 = 0x9e3779b9,
    h4 = 0x85ebca6b;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/** A UUID-shaped deterministic id (version nibble 8, "custom") from its parts. */
export function deterministicId(...parts: string[]): string {
  const h = hash128(parts.join('\u001f'));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const privateActivityId = (userId: string, code: string) => deterministicId('service', userId, code);
export const subscriptionId = (userId: string, serviceId: string) => deterministicId('subscription', userId, serviceId);
export const myGameId = (userId: string, jeuId: string) => deterministicId('my-game', userId, jeuId);

/** RFC 4122 v4, from the platform's crypto (browsers and Node 20 both expose crypto.randomUUID). */
export function randomId(): string {
  const { crypto } = globalThis as unknown as { crypto: { randomUUID(): string } };
  return crypto.randomUUID();
}
