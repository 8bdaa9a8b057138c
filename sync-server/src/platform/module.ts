/**
 * What a feature contributes to the server. Adding a feature touches its own folder plus one
 * line in modules.ts.
 */
import type Router from '@koa/router';
import type { Job } from './jobs.ts';

export interface MqttSubscription {
  /** Topic filter, e.g. `$share/itercraft/sensors/#`. */
  topic: string;
  qos: 0 | 1;
  handle(topic: string, payload: Buffer): Promise<void>;
}

export interface FeatureModule {
  name: string;
  router?: Router;
  jobs?: Job[];
  mqtt?: MqttSubscription[];
  /** Called on shutdown after HTTP stopped accepting requests. */
  close?(): Promise<void>;
}
