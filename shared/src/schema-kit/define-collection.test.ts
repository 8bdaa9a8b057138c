/**
 * Guard rails for every replicated collection: the RxDB schema rules that otherwise only fail
 * at runtime in a browser, and the rule that a changed schema must bump its version.
 * After a deliberate change: bump `version`, add the RxDB migration, then run with
 * UPDATE_SCHEMA_SNAPSHOT=1 to record the new fingerprint.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collections } from '../collections/index.ts';
import { hash128 } from '../ids.ts';
import { toRxJsonSchema, type JsonSchemaNode } from './json-schema.ts';

const RX_FIELD_NAME = /^[a-zA-Z](?:[[a-zA-Z0-9_]*]?[a-zA-Z0-9])?$/;
const snapshotPath = fileURLToPath(new URL('../collections/schema-snapshots.json', import.meta.url));

function fieldsOf(index: string | readonly string[]): string[] {
  return typeof index === 'string' ? [index] : [...index];
}

function typesOf(node: JsonSchemaNode): string[] {
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
}

describe.each(Object.values(collections))('collection $name', (def) => {
  const rx = toRxJsonSchema(def);

  it('has a bounded string primary key', () => {
    const pk = rx.properties[rx.primaryKey]!;
    expect(typesOf(pk)).toEqual(['string']);
    expect(pk.maxLength).toBeGreaterThan(0);
  });

  it('uses only field names RxDB accepts, and no Date-typed field', () => {
    for (const [name, node] of Object.entries(rx.properties)) {
      expect(name, name).toMatch(RX_FIELD_NAME);
      expect(node.format, name).not.toBe('date');
    }
    // z.date() cannot be represented: toJSONSchema would have thrown above; numbers carry times.
  });

  it('bounds every indexed field and keeps it non-nullable', () => {
    for (const field of def.indexes.flatMap(fieldsOf)) {
      const node = rx.properties[field];
      expect(node, `index field ${field} exists`).toBeDefined();
      const types = typesOf(node!);
      expect(types, `${field} is not nullable`).not.toContain('null');
      expect(rx.required, `${field} is required`).toContain(field);
      if (types.includes('string')) expect(node!.maxLength, `${field} maxLength`).toBeGreaterThan(0);
      if (types.includes('number') || types.includes('integer')) {
        expect(node!.minimum, `${field} minimum`).toBeTypeOf('number');
        expect(node!.maximum, `${field} maximum`).toBeTypeOf('number');
        expect(node!.multipleOf, `${field} multipleOf`).toBeTypeOf('number');
      }
    }
  });

  it('keeps the sync fields every collection needs', () => {
    for (const f of ['id', 'rev', 'updatedAt', 'writeId']) expect(rx.properties).toHaveProperty(f);
    expect(def.wireSchema.shape).toHaveProperty('deleted');
    expect(rx.properties).not.toHaveProperty('deleted');
  });

  it('bumps its version whenever the schema changes', () => {
    const snapshots = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, { version: number; fingerprint: string }>;
    const fingerprint = hash128(JSON.stringify(rx));
    const recorded = snapshots[def.name];
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
      if (recorded && recorded.fingerprint !== fingerprint) expect(def.version).toBeGreaterThan(recorded.version);
      snapshots[def.name] = { version: def.version, fingerprint };
      writeFileSync(snapshotPath, `${JSON.stringify(snapshots, null, 2)}\n`);
      return;
    }
    expect(recorded, `no snapshot for ${def.name}: run with UPDATE_SCHEMA_SNAPSHOT=1`).toBeDefined();
    if (recorded!.fingerprint !== fingerprint) {
      expect(def.version, `${def.name} changed: bump its version`).toBeGreaterThan(recorded!.version);
      expect.fail(`${def.name} changed and was bumped: record it with UPDATE_SCHEMA_SNAPSHOT=1`);
    }
    expect(def.version).toBe(recorded!.version);
  });
});

describe('collection registry', () => {
  it('stays under the free RxDB collection budget (13 per realm, 11 for us)', () => {
    expect(Object.keys(collections).length).toBeLessThanOrEqual(11);
  });
});
