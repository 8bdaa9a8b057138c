/**
 * Gets each device's reporting interval to the device: a RETAINED QoS 1 message on
 * `commands/<username>/interval` (`{"seconds":N}`, the shared intervalCommandPayload), so a board
 * receives it whenever it next connects, however long it was away. Decommissioning clears it (an
 * empty retained message).
 *
 * Level-triggered, not event-driven: a pass compares every device's interval with the record of what
 * the broker retains (sensor_device_commands) and publishes only the differences. Passes run after
 * a sensorDevices change commits (enrolment, a replicated edit or decommission: every server process
 * hears the NOTIFY), when the relay (re)connects, and every minute, so a publish that failed (broker
 * down) is simply done by a later pass. A connection on which the broker had no session for us
 * (first start, or an embedded aedes broker that forgot its retained messages on restart)
 * republishes every active device's interval. Passes are serialised across processes by an
 * advisory lock held while publishing, so an older value never lands after a newer one.
 */
import { intervalCommandPayload } from '@itercraft/shared/mqtt/payload';
import { commandTopic } from '@itercraft/shared/mqtt/topics';
import type { DatabasePool } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { dueClears, dueIntervals, lockCommands, recordCleared, recordPublished } from './commands.repo.ts';

/** What the reconciler needs of an MQTT connection (the relay's consumer). */
export interface CommandPublisher {
  readonly connected: boolean;
  /** Resolves once the broker acknowledged the QoS 1 publish. */
  publish(topic: string, payload: string, options: { qos: 1; retain: true }): Promise<void>;
}

export interface IntervalCommands {
  /**
   * Runs a pass (or joins the one running, which then runs once more). `all` republishes every
   * active device's interval. Never rejects: a failed publish is logged and retried by a later pass.
   */
  sync(opts?: { all?: boolean }): Promise<void>;
  /** No pass starts after this; resolves when the running one is done. */
  close(): Promise<void>;
}

export function createIntervalCommands(deps: { db: DatabasePool; logger: Logger; now: () => number; publisher: CommandPublisher }): IntervalCommands {
  const log = deps.logger.child({ component: 'interval-commands' });
  let running: Promise<void> | null = null;
  let again = false;
  let againAll = false;
  let closed = false;

  async function pass(all: boolean): Promise<void> {
    if (closed || !deps.publisher.connected) return; // the next connection runs a pass
    await deps.db.transaction(async (tx) => {
      await lockCommands(tx);
      try {
        for (const due of await dueIntervals(tx, all)) {
          await deps.publisher.publish(commandTopic(due.mqttUsername, 'interval'), intervalCommandPayload(due.intervalSeconds), { qos: 1, retain: true });
          await recordPublished(tx, due, deps.now());
          log.info({ username: due.mqttUsername, seconds: due.intervalSeconds }, 'interval command published (retained)');
        }
        for (const due of await dueClears(tx)) {
          await deps.publisher.publish(commandTopic(due.mqttUsername, 'interval'), '', { qos: 1, retain: true });
          await recordCleared(tx, due.deviceId);
          log.info({ username: due.mqttUsername }, 'retained interval command cleared');
        }
      } catch (err) {
        // What was published so far is recorded (the transaction commits); the rest waits for a later pass.
        if (all) againAll = true;
        log.warn({ err }, 'publishing interval commands failed; retrying later');
      }
    });
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      const all = againAll;
      againAll = false;
      try {
        await pass(all);
      } catch (err) {
        if (all) againAll = true;
        log.warn({ err }, 'interval command pass failed');
        return;
      }
    } while (again);
  }

  return {
    sync(opts = {}) {
      if (closed) return Promise.resolve();
      if (opts.all) againAll = true;
      if (running) {
        again = true;
        return running;
      }
      running = loop().finally(() => {
        running = null;
      });
      return running;
    },
    async close() {
      closed = true;
      await running;
    },
  };
}
