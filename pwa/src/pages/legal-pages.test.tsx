import { describe, expect, it } from 'vitest';
import { User } from 'oidc-client-ts';
import { CONSENT_STORAGE_KEY } from '../app/consent/consent-store.ts';
import { createUserManager } from '../auth/user-manager.ts';
import { CSRF_COOKIE } from '../lib/api-client.ts';
import { ConfidentialitePage } from './confidentialite-page.tsx';
import { CookiesPage } from './cookies-page.tsx';
import { MentionsLegalesPage } from './mentions-legales-page.tsx';
import { renderPage, sentencesWith } from './page-test-kit.tsx';
// The deployment's own file: the page must follow it, not a copy of its value.
import terraformVariables from '../../../devsecops/terraform/host/variables.tf?raw';

function terraformDefaultRegion(): string {
  const block = /variable "region" \{[^}]*default\s*=\s*"([^"]+)"/.exec(terraformVariables);
  if (!block?.[1]) throw new Error('no default region in devsecops/terraform/host/variables.tf');
  return block[1];
}

describe('legal pages', () => {
  it('host the data where Terraform deploys it by default (eu-west-3, Paris)', () => {
    expect(terraformDefaultRegion()).toBe('eu-west-3');
    const notice = renderPage(<MentionsLegalesPage />).container.textContent ?? '';
    expect(notice).toContain('eu-west-3');
    expect(notice).toContain('Europe (Paris)');
    expect(notice).not.toMatch(/Irlande/);
    const privacy = renderPage(<ConfidentialitePage />).container.textContent ?? '';
    expect(privacy).toContain('Europe (Paris)');
    expect(privacy).not.toMatch(/Irlande/);
  });

  it('lists as processors only the services the system uses; AI and weather only as future ones', () => {
    const { container } = renderPage(<ConfidentialitePage />);
    const processors = [...container.querySelectorAll('h2')].find((h) => h.textContent === 'Sous-traitants')?.nextElementSibling;
    expect(processors?.tagName).toBe('UL');
    expect(processors?.textContent).not.toMatch(/Anthropic|Météo France/);
    const mentions = sentencesWith(container, /Anthropic|Météo France/);
    expect(mentions.length).toBeGreaterThan(0);
    for (const sentence of mentions) expect(sentence).toMatch(/Lorsque ces fonctions seront disponibles/i);
  });

  it('lists the storages under the names the code really uses, in correct French', () => {
    const text = renderPage(<CookiesPage />).container.textContent ?? '';
    expect(text).not.toMatch(/de authent/);
    expect(text).toContain('Cookies d’authent');
    expect(text).toContain(CONSENT_STORAGE_KEY);
    expect(text).toContain(CSRF_COOKIE);
    expect(text).toMatch(/_session, _interaction, _interaction_resume/);
    expect(text).toMatch(/KEYCLOAK_SESSION/);
  });

  it('names the token storage key oidc-client-ts really writes', async () => {
    const storage = new Map<string, string>();
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
      key: (i: number) => [...storage.keys()][i] ?? null,
      clear: () => storage.clear(),
      get length() {
        return storage.size;
      },
    } satisfies Storage;
    const manager = createUserManager(
      { authority: 'https://id.example/realms/itercraft', clientId: 'iterfront', scope: 'openid', redirectUri: 'https://x/cb', postLogoutRedirectUri: 'https://x/' },
      store,
    );
    await manager.storeUser(new User({ access_token: 'a', token_type: 'Bearer', profile: { sub: 's', iss: 'i', aud: 'iterfront', exp: 0, iat: 0 } }));
    const [key] = [...storage.keys()];
    const row = renderPage(<CookiesPage />).getByText(/^itercraft\.oidc\.user:/).textContent ?? '';
    expect(key?.startsWith(row.replace('…', ''))).toBe(true);
  });
});
