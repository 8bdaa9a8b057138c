/** Entretien: maintenance activities and timed sessions (REST parity, auto-stop job, push rules). */
import type { Deps } from '../../deps.ts';
import type { FeatureModule } from '../../platform/module.ts';
import { autoStopJob } from './auto-stop.job.ts';
import { maintenanceRouter } from './maintenance.routes.ts';

export { sessionRules } from './sessions.rules.ts';
export { serviceRules } from './services.rules.ts';

export function maintenanceModule(deps: Deps): FeatureModule {
  return {
    name: 'maintenance',
    router: maintenanceRouter(deps),
    jobs: [autoStopJob({ db: deps.db, clock: deps.clock, logger: deps.logger })],
  };
}
