/**
 * HTML pages of the embedded identity provider, in French: sign-in, sign-out confirmation,
 * signed-out and error. Static markup with inline CSS only; every dynamic value is escaped.
 */
const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => escapeMap[c] ?? c);
}

const styles = `
  :root { color-scheme: light dark; --bg:#1a1b2e; --card:#ffffff; --ink:#1a1b2e; --muted:#4a4d68; --accent:#3b4cca; --error:#a4001d; }
  * { box-sizing: border-box; }
  body { margin:0; min-height:100vh; display:grid; place-items:center; background:var(--bg); font:16px/1.5 system-ui, sans-serif; color:var(--ink); }
  main { background:var(--card); width:min(26rem, 94vw); padding:2rem; border-radius:12px; box-shadow:0 8px 30px rgb(0 0 0 / .35); }
  h1 { font-size:1.5rem; margin:0 0 .25rem; }
  p { margin:.5rem 0 1rem; color:var(--muted); }
  label { display:block; font-weight:600; margin:1rem 0 .25rem; }
  input { width:100%; padding:.65rem .75rem; font:inherit; border:2px solid #8a8da8; border-radius:8px; color:var(--ink); background:#fff; }
  input:focus-visible, button:focus-visible, a:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
  input[aria-invalid="true"] { border-color:var(--error); }
  button { margin-top:1.5rem; width:100%; padding:.75rem; font:inherit; font-weight:600; border:0; border-radius:8px; background:var(--accent); color:#fff; cursor:pointer; }
  button.secondary { margin-top:.75rem; background:transparent; color:var(--accent); border:2px solid var(--accent); }
  .error { color:var(--error); font-weight:600; background:#fde8ec; border-radius:8px; padding:.75rem; margin:1rem 0 0; }
  .hint { font-size:.875rem; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Itercraft</title>
<style>${styles}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageModel {
  /** Where the form posts: `${mountPath}/interaction/<uid>/login`. */
  action: string;
  /** Where "Annuler" goes: `${mountPath}/interaction/<uid>/abort`. */
  abortUrl: string;
  username?: string;
  error?: string;
}

export function loginPage(model: LoginPageModel): string {
  const invalid = model.error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = model.error ? `<p class="error" id="login-error" role="alert">${escapeHtml(model.error)}</p>` : '';
  // Autofocus goes to the field to fix: the password after an error, else the username.
  const focusUser = model.error ? '' : ' autofocus';
  const focusPassword = model.error ? ' autofocus' : '';
  return layout(
    'Connexion',
    `<h1>Connexion à Itercraft</h1>
<p>Identifiez-vous pour retrouver vos données sur cet appareil.</p>
${error}
<form method="post" action="${escapeHtml(model.action)}" novalidate>
  <label for="username">Identifiant ou adresse e-mail</label>
  <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(model.username ?? '')}"${invalid}${focusUser}>
  <label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${focusPassword}>
  <button type="submit">Se connecter</button>
</form>
<form method="get" action="${escapeHtml(model.abortUrl)}">
  <button type="submit" class="secondary">Annuler</button>
</form>
<p class="hint">Comptes de démonstration : leurs identifiants sont affichés dans le terminal où le serveur a été lancé.</p>`,
  );
}

/**
 * Sign-out confirmation. `form` is oidc-provider's hidden form (with its CSRF token). With an
 * `id_token_hint` the RP proved the session is its own, so, like Keycloak, we submit at once.
 */
export function logoutPage(form: string, autoSubmit: boolean): string {
  const script = autoSubmit ? `<script>document.getElementById('logout-yes').click();</script>` : '';
  return layout(
    'Déconnexion',
    `<h1>Déconnexion</h1>
<p>Voulez-vous vous déconnecter d'Itercraft ?</p>
${form}
<button id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Oui, me déconnecter</button>
<button type="submit" form="op.logoutForm" class="secondary">Non, rester connecté</button>
${script}`,
  );
}

export function loggedOutPage(): string {
  return layout('Déconnecté', `<h1>Vous êtes déconnecté</h1><p>Vous pouvez fermer cette page ou revenir à l'application.</p><p><a href="/">Revenir à Itercraft</a></p>`);
}

export function errorPage(message: string, detail?: string): string {
  const extra = detail ? `<p class="hint">Détail technique : ${escapeHtml(detail)}</p>` : '';
  return layout('Erreur de connexion', `<h1>Connexion impossible</h1><p role="alert">${escapeHtml(message)}</p>${extra}<p><a href="/">Revenir à Itercraft</a></p>`);
}
