/**
 * RxDB dev-mode (schema checks, helpful errors) with the Ajv validator it requires (error DVM1
 * otherwise). For development builds and tests only; never referenced by production code paths.
 * Dev-mode is process-wide once added: every later storage must validate too, so this wraps the
 * storage on every call.
 */
import { addRxPlugin, type RxStorage } from 'rxdb';

let loaded = false;

export async function withRxDevTools(storage: RxStorage<unknown, unknown>): Promise<RxStorage<unknown, unknown>> {
  if (!loaded) {
    const devMode = await import('rxdb/plugins/dev-mode');
    devMode.disableWarnings();
    addRxPlugin(devMode.RxDBDevModePlugin);
    loaded = true;
  }
  const { wrappedValidateAjvStorage } = await import('rxdb/plugins/validate-ajv');
  return wrappedValidateAjvStorage<unknown, unknown>({ storage });
}
