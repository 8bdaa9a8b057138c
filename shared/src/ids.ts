/**
 * Deterministic ids for documents that two offline devices may create independently and that
 * must converge to one (a private activity with a given code, a subscription to a service,
 * a game in a collection). The hash is not a security boundary: the server checks ownership on
 * every write and that a new document's id is the one derived from its own user (derivedIds).
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

/**
 * The id a new document of a collection must have when `userId` creates it, or null when this
 * document has no key to derive it from (it then carries a random id). Collections absent from
 * `derivedIds` use random ids only. The server enforces it on every new document, so nobody can
 * take (squat) the id another user's device will derive for the same thing.
 */
export type DerivedId = (doc: Readonly<Record<string, unknown>>, userId: string) => string | null;

function stringField(doc: Readonly<Record<string, unknown>>, field: string): string | null {
  const value = doc[field];
  return typeof value === 'string' ? value : null;
}

export const derivedIds: Readonly<Partial<Record<string, DerivedId>>> = {
  services: (doc, userId) => {
    const code = stringField(doc, 'code');
    return doc.scope === 'private' && code !== null ? privateActivityId(userId, code) : null;
  },
  subscriptions: (doc, userId) => {
    const serviceId = stringField(doc, 'serviceId');
    return serviceId === null ? null : subscriptionId(userId, serviceId);
  },
  // A game added by title offline has no catalogue id yet: it gets a random id.
  myGames: (doc, userId) => {
    const jeuId = stringField(doc, 'jeuId');
    return jeuId === null ? null : myGameId(userId, jeuId);
  },
};

/** True for ids of the deterministicId shape (version nibble 8), which random UUIDs (4) never have. */
export function isDeterministicId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/**
 * Why a new document's id is refused, or null when it is acceptable: it must be the derived id
 * when the document has a key, and must not look derived when it has none (a keyless document
 * could otherwise hold an id that another user's device derives).
 */
export function derivedIdProblem(derive: DerivedId, doc: Readonly<Record<string, unknown>> & { id: string }, userId: string): string | null {
  const expected = derive(doc, userId);
  if (expected !== null) return doc.id === expected ? null : "L'identifiant du document ne correspond pas à son utilisateur et à son contenu";
  return isDeterministicId(doc.id) ? "Cet identifiant est réservé à un document dérivé d'un autre contenu" : null;
}

/** RFC 4122 v4, from the platform's crypto (browsers and Node 20 both expose crypto.randomUUID). */
export function randomId(): string {
  const { crypto } = globalThis as unknown as { crypto: { randomUUID(): string } };
  return crypto.randomUUID();
}
