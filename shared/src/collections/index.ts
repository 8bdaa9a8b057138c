/** The registry of replicated collections: the only list both sides iterate over. */
import { servicesCollection } from './services.schema.ts';
import { subscriptionsCollection } from './subscriptions.schema.ts';
import { usagesCollection } from './usages.schema.ts';
import { maintenanceSessionsCollection } from './maintenance-sessions.schema.ts';
import { gameReferencesCollection } from './game-references.schema.ts';
import { gamesCollection } from './games.schema.ts';
import { myGamesCollection } from './my-games.schema.ts';
import { sensorDevicesCollection } from './sensor-devices.schema.ts';
import { sensorReadingsCollection } from './sensor-readings.schema.ts';

export const collections = {
  services: servicesCollection,
  subscriptions: subscriptionsCollection,
  usages: usagesCollection,
  maintenanceSessions: maintenanceSessionsCollection,
  gameReferences: gameReferencesCollection,
  games: gamesCollection,
  myGames: myGamesCollection,
  sensorDevices: sensorDevicesCollection,
  sensorReadings: sensorReadingsCollection,
} as const;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
export const collectionNames = Object.keys(collections) as CollectionName[];

export function isCollectionName(name: string): name is CollectionName {
  return Object.prototype.hasOwnProperty.call(collections, name);
}

export * from './services.schema.ts';
export * from './subscriptions.schema.ts';
export * from './usages.schema.ts';
export * from './maintenance-sessions.schema.ts';
export * from './game-references.schema.ts';
export * from './games.schema.ts';
export * from './my-games.schema.ts';
export * from './sensor-devices.schema.ts';
export * from './sensor-readings.schema.ts';
