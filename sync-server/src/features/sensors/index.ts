/**
 * Home sensors: device enrolment and management rules, the MQTT relay into PostgreSQL (and so
 * into the owners' replication streams), rollups and retention, and the original's REST query.
 */
import type { Deps } from '../../deps.ts';
import type { FeatureModule } from '../../platform/module.ts';
import type { RulesRegistry } from '../sync/index.ts';
import { createDeviceDirectory } from './device-directory.ts';
import { relayClientId, startRelay, type Relay } from './relay.ts';
import { retentionJob } from './retention.job.ts';
import { rollupJob } from './rollup.job.ts';
import { sensorRules } from './sensors.rules.ts';
import { sensorsRouter } from './sensors.routes.ts';

export { createDeviceAuthenticator, type DeviceAuthenticator } from './device-authenticator.ts';
export { sensorRules } from './sensors.rules.ts';

export interface SensorsModule extends FeatureModule {
  /** Replication rules for sensorDevices and sensorReadings, for the sync module's registry. */
  rules: RulesRegistry;
  /** The running relay; null when no broker is configured (some tests). */
  relay: Relay | null;
}

export function sensorsModule(deps: Deps): SensorsModule {
  const directory = createDeviceDirectory({ db: deps.db, changes: deps.changes });
  const relay = deps.mqtt
    ? startRelay(deps, deps.mqtt, directory, { clientId: relayClientId(deps.config.mqtt.clientId), shared: deps.config.mqtt.sharedSubscription })
    : null;
  return {
    name: 'sensors',
    rules: sensorRules,
    relay,
    router: sensorsRouter(deps),
    jobs: [rollupJob(deps), retentionJob(deps)],
    async close() {
      await relay?.close();
      directory.stop();
    },
  };
}
