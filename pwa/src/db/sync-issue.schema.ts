/**
 * Local-only collection of sync issues: changes the server refused (kept until the user discards
 * them or fixes and re-saves the document) and conflicts the server resolved against this device
 * (the overwritten local content is kept here, so nothing a user wrote disappears silently).
 * Never replicated.
 */
import type { RxJsonSchema } from 'rxdb';

/** A document as it crosses the network (wire format, `deleted` flag, no local fields). */
export type WireDocument = { id: string; rev: number; updatedAt: number; writeId: string | null; deleted: boolean } & Record<
  string,
  unknown
>;

export type SyncIssueKind = 'rejected' | 'conflict';

/**
 * - `open`: shown to the user;
 * - `resubmitted`: the user saved the document again; hidden, kept only to remember the server's
 *   version in case that save is refused too;
 * - `discarding`: the user discarded it; `restoreDoc` was written locally and must not be pushed.
 */
export type SyncIssueStatus = 'open' | 'resubmitted' | 'discarding';

export interface SyncIssue {
  /** `${collection}:${docId}` */
  key: string;
  /** Collection name (`collection` is a reserved top-level name in RxDB). */
  collectionName: string;
  docId: string;
  kind: SyncIssueKind;
  status: SyncIssueStatus;
  code: string;
  /** French reason, from the server (rejections) or from us (conflicts). */
  reason: string;
  /** Device time (epoch ms) the issue was recorded. */
  at: number;
  label: string;
  /** writeId of the refused / overwritten local write. */
  writeId: string | null;
  /** The refused or overwritten local content. */
  localDoc: WireDocument | null;
  /** The last version of the document the server was known to hold (null: never on the server). */
  serverDoc: WireDocument | null;
  /** While discarding: the state written locally, recognised and not pushed. */
  restoreDoc: WireDocument | null;
}

const nullableObject = { type: ['object', 'null'] };
const text = (maxLength: number) => ({ type: 'string', maxLength });

export const syncIssueSchema: RxJsonSchema<SyncIssue> = {
  version: 0,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: text(140),
    collectionName: text(64),
    docId: text(64),
    kind: { type: 'string', enum: ['rejected', 'conflict'], maxLength: 10 },
    status: { type: 'string', enum: ['open', 'resubmitted', 'discarding'], maxLength: 12 },
    code: text(64),
    reason: text(2000),
    at: { type: 'integer', minimum: 0, maximum: 9_999_999_999_999, multipleOf: 1 },
    label: text(300),
    writeId: { type: ['string', 'null'], maxLength: 64 },
    localDoc: nullableObject,
    serverDoc: nullableObject,
    restoreDoc: nullableObject,
  },
  required: ['key', 'collectionName', 'docId', 'kind', 'status', 'code', 'reason', 'at', 'label', 'writeId', 'localDoc', 'serverDoc', 'restoreDoc'],
  indexes: ['status'],
  additionalProperties: false,
};

export function issueKey(collection: string, docId: string): string {
  return `${collection}:${docId}`;
}
