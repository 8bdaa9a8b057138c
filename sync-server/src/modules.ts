/** The list of feature modules: the only file that names them all. */
import type { Deps } from './deps.ts';
import { syncModule } from './features/sync/index.ts';
import { maintenanceModule, serviceRules, sessionRules } from './features/maintenance/index.ts';
import { sensorRules, sensorsModule } from './features/sensors/index.ts';
import type { FeatureModule } from './platform/module.ts';

export function createModules(deps: Deps): FeatureModule[] {
  return [syncModule(deps, { maintenanceSessions: sessionRules, services: serviceRules, ...sensorRules }), maintenanceModule(deps), sensorsModule(deps)];
}
