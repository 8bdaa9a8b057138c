import { describe, expect, it } from 'vitest';
import { collectionNames } from './collections/index.ts';
import { derivedIdProblem, derivedIds, deterministicId, isDeterministicId, myGameId, privateActivityId, randomId, subscriptionId } from './ids.ts';

describe('derived ids', () => {
  it('are declared only for existing collections', () => {
    for (const name of Object.keys(derivedIds)) expect(collectionNames).toContain(name);
  });

  it('tell deterministic ids from random ones', () => {
    expect(isDeterministicId(deterministicId('a', 'b'))).toBe(true);
    expect(isDeterministicId(randomId())).toBe(false);
    expect(isDeterministicId('u-1')).toBe(false);
  });

  it('accept the id derived from the writing user and refuse another user’s', () => {
    const subscriptions = derivedIds.subscriptions!;
    const doc = { id: subscriptionId('alice', 's1'), serviceId: 's1' };
    expect(derivedIdProblem(subscriptions, doc, 'alice')).toBeNull();
    expect(derivedIdProblem(subscriptions, doc, 'bob')).toMatch(/identifiant/);
    expect(derivedIdProblem(subscriptions, { ...doc, id: randomId() }, 'alice')).toMatch(/identifiant/);
  });

  it('derive each keyed collection from its own key', () => {
    expect(derivedIds.services!({ scope: 'private', code: 'potager' }, 'u')).toBe(privateActivityId('u', 'potager'));
    expect(derivedIds.services!({ scope: 'global', code: 'tondeuse' }, 'u')).toBeNull();
    expect(derivedIds.myGames!({ jeuId: 'g1' }, 'u')).toBe(myGameId('u', 'g1'));
  });

  it('let a keyless document use a random id but not a derived-looking one', () => {
    const myGames = derivedIds.myGames!;
    expect(derivedIdProblem(myGames, { id: randomId(), jeuId: null }, 'bob')).toBeNull();
    expect(derivedIdProblem(myGames, { id: myGameId('alice', 'g1'), jeuId: null }, 'bob')).toMatch(/réservé/);
  });
});
