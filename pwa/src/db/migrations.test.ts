/**
 * A browser that holds sensorDevices documents of schema version 0 opens the current app: the
 * documents are migrated in place (nothing is lost, the new server-owned fields start empty).
 */
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { collections } from '@itercraft/shared/collections/index';
import { testStorage } from '../../test/rx-test-db.ts';
import { createDatabase } from './create-database.ts';
import { withRxDevTools } from './dev-tools.ts';
import { localRxSchema } from './rx-schema.ts';
import type { AppDatabase } from './collections.ts';

const opened: AppDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) if (!db.closed) await db.remove();
});

/** The sensorDevices schema as version 0 had it: today's minus the connection fields. */
function sensorDevicesV0(): RxJsonSchema<Record<string, unknown>> {
  const current = localRxSchema<Record<string, unknown>>(collections.sensorDevices);
  const properties = { ...(current.properties as Record<string, unknown>) };
  delete properties.connectionStatus;
  delete properties.connectionChangedAt;
  const required = (current.required as string[]).filter((f) => f !== 'connectionStatus' && f !== 'connectionChangedAt');
  return { ...current, version: 0, properties, required } as RxJsonSchema<Record<string, unknown>>;
}

describe('local schema migrations', () => {
  it('migrates version-0 sensor devices, keeping their content and pending mark', async () => {
    expect(collections.sensorDevices.version).toBe(1);
    const name = `migration-${process.pid}-${Date.now().toString(36)}`;
    const storage = testStorage();
    const old = await createRxDatabase({ name, storage, multiInstance: false });
    await old.addCollections({ sensorDevices: { schema: sensorDevicesV0() } });
    const v0 = {
      id: 'dev-1',
      rev: 3,
      updatedAt: 1_700_000_000_000,
      writeId: 'w-1',
      name: 'Station du salon',
      mqttUsername: 'station-du-salon-k3x9qp',
      intervalSeconds: 60,
      status: 'active',
      lastSeenAt: 1_700_000_500_000,
      createdAt: 1_699_000_000_000,
      pendingAt: 1_700_000_600_000,
    };
    await old.collections.sensorDevices!.insert(v0);
    await old.close();

    const db = await createDatabase({ name, storage, devTools: withRxDevTools, multiInstance: false });
    opened.push(db);
    const doc = await db.sensorDevices.findOne('dev-1').exec();
    expect(doc?.toJSON()).toEqual({ ...v0, connectionStatus: null, connectionChangedAt: null });
  });
});
