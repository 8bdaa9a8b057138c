/**
 * Work to do before the session ends (stop the replication, wipe the user's local database).
 * Registered by the sync layer; run by signOut() before the user is removed.
 */
type Hook = () => Promise<void>;

const hooks = new Set<Hook>();

export function onSignOut(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export async function runSignOutHooks(): Promise<void> {
  const results = await Promise.allSettled([...hooks].map((hook) => hook()));
  for (const r of results) if (r.status === 'rejected') console.warn('sign-out cleanup failed', r.reason);
}
