/** The MQTT contract between devices, brokers and the relay: topics, ACL, payloads. */
export * from './topics.ts';
export * from './acl.ts';
export * from './payload.ts';
