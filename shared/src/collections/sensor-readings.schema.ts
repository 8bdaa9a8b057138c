import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, finite, ref } from './fields.ts';

const metrics = {
  dhtTemperature: finite().nullable(),
  dhtHumidity: finite().nullable(),
  ntcTemperature: finite().nullable(),
  luminosity: finite().nullable(),
};
const metricsObject = z.object(metrics).strict();

/**
 * Sensor readings as the PWA holds them: raw readings for the recent window and hourly
 * rollups beyond it. For a rollup the metric fields hold the average and `min`/`max`/`count`
 * describe the bucket that starts at `measuredAt`. Written by the MQTT relay only.
 */
export const sensorReadingsCollection = defineCollection({
  name: 'sensorReadings',
  version: 0,
  table: 'sensor_readings',
  owner: 'user',
  push: 'server-only',
  indexes: [['deviceId', 'measuredAt'], 'measuredAt'],
  fields: {
    deviceId: ref(),
    kind: z.enum(['raw', '1h']),
    measuredAt: epochMs(),
    ...metrics,
    min: metricsObject.nullable(),
    max: metricsObject.nullable(),
    count: z.int().min(1).max(1_000_000),
  },
});
export type SensorReading = z.infer<typeof sensorReadingsCollection.schema>;
export type SensorMetrics = z.infer<typeof metricsObject>;
export const sensorMetricNames = Object.keys(metrics) as (keyof SensorMetrics)[];
