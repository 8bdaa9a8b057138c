/**
 * Home sensors: device enrolment and management rules, the MQTT relay into PostgreSQL (and so
 * into the owners' replication streams), rollups and retention, and the original's REST query.
 */
import type { Deps } from '../../deps.ts';
import type { FeatureModule } from '../../platform/module.ts';
import type { RulesRegistry } from '../sync/index.ts';
import { createDeviceDirectory } from './device-directory.ts';
import { createIntervalCommands, type IntervalCommands } from './interval-commands.ts';
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
  /** Publishes each device's interval (retained) through the relay's connection; null without a broker. */
  commands: IntervalCommands | null;
}

/** How often a pass catches what a failed publish (broker down) left behind. */
const COMMANDS_EVERY_MS = 60_000;

export function sensorsModule(deps: Deps): SensorsModule {
  const directory = createDeviceDirectory({ db: deps.db, changes: deps.changes });
  let commands: IntervalCommands | null = null;
  const relay = deps.mqtt
    ? startRelay(deps, deps.mqtt, directory, {
        clientId: relayClientId(deps.config.mqtt.clientId),
        shared: deps.config.mqtt.sharedSubscription,
        // no session on the broker: it may also have lost the retained commands (aedes restarted)
        onConnect: ({ sessionPresent }) => void commands?.sync({ all: !sessionPresent }),
      })
    : null;
  if (relay) commands = createIntervalCommands({ db: deps.db, logger: deps.logger, now: () => deps.clock.now(), publisher: relay.consumer });
  // After commit, in every process: an enrolment, an edit pushed through sync, a decommission.
  const unsubscribe = deps.changes.subscribeAll({
    onChange(notice) {
      if (notice.collection === 'sensorDevices') void commands?.sync();
    },
    onResync() {
      void commands?.sync();
    },
  });
  const commandsJob = commands && { name: 'sensor-interval-commands', everyMs: COMMANDS_EVERY_MS, run: () => commands.sync() };
  return {
    name: 'sensors',
    rules: sensorRules,
    relay,
    commands,
    router: sensorsRouter(deps),
    jobs: [rollupJob(deps), retentionJob(deps), ...(commandsJob ? [commandsJob] : [])],
    async close() {
      unsubscribe();
      await commands?.close();
      await relay?.close();
      directory.stop();
    },
  };
}
