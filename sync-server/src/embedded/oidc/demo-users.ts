/**
 * The two demo accounts of the embedded identity provider. Their subjects are fixed so data
 * stays attached to them across restarts and machines; their passwords are generated on first
 * start and kept in `${DATA_DIR}/oidc/demo-users.json` (printed at startup), or all set to
 * DEMO_PASSWORD when that variable is given.
 */
import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { Account } from 'oidc-provider';
import { loadOrCreateJson, randomSecret } from '../data-files.ts';

export interface DemoUser {
  sub: string;
  username: string;
  email: string;
  name: string;
  password: string;
}

const ACCOUNTS: readonly Omit<DemoUser, 'password'>[] = [
  { sub: '5d1c9a8e-3b7f-4f2a-9c61-7e0b2d4a8f10', username: 'laurent', email: 'laurent@itercraft.com', name: 'Laurent' },
  { sub: 'a83f2e6b-91c4-4d0e-b5a7-2c6f8e1d3b92', username: 'camille', email: 'camille@itercraft.com', name: 'Camille' },
];

function parsePasswords(raw: unknown): Record<string, string> {
  const record = raw as Record<string, unknown> | null;
  const result: Record<string, string> = {};
  for (const account of ACCOUNTS) {
    const password = record?.[account.username];
    if (typeof password !== 'string' || password.length === 0) throw new Error(`missing password for ${account.username}`);
    result[account.username] = password;
  }
  return result;
}

export class DemoDirectory {
  constructor(readonly users: readonly DemoUser[]) {}

  /** Finds a user by username or e-mail (case-insensitive) and checks the password in constant time. */
  verify(login: string, password: string): DemoUser | null {
    const wanted = login.trim().toLowerCase();
    const user = this.users.find((u) => u.username === wanted || u.email === wanted);
    const expected = Buffer.from(user?.password ?? '\0'.repeat(password.length || 1));
    const given = Buffer.from(password);
    const same = expected.length === given.length && timingSafeEqual(expected, given);
    return user && same ? user : null;
  }

  /** oidc-provider's `findAccount`: the claims of the ID token, userinfo and (via extraTokenClaims) access token. */
  findAccount(sub: string): Account | undefined {
    const user = this.users.find((u) => u.sub === sub);
    if (!user) return undefined;
    return {
      accountId: user.sub,
      claims: () => ({
        sub: user.sub,
        email: user.email,
        email_verified: true,
        preferred_username: user.username,
        name: user.name,
      }),
    };
  }
}

export async function loadDemoDirectory(oidcDir: string, demoPassword: string | undefined): Promise<DemoDirectory> {
  const passwords = demoPassword
    ? Object.fromEntries(ACCOUNTS.map((a) => [a.username, demoPassword]))
    : await loadOrCreateJson(join(oidcDir, 'demo-users.json'), () => Object.fromEntries(ACCOUNTS.map((a) => [a.username, randomSecret(9)])), parsePasswords);
  return new DemoDirectory(ACCOUNTS.map((a) => ({ ...a, password: passwords[a.username] ?? '' })));
}
