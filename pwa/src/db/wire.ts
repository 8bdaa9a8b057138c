/** Conversions between local documents (RxDB data, local-only fields) and the wire format. */
import type { WireDocument } from './sync-issue.schema.ts';

const NOT_ON_WIRE = new Set(['pendingAt', '_deleted', '_meta', '_rev', '_attachments']);

/** A local document (RxDB data or plain JSON) as the server would see it. */
export function localToWire(doc: object): WireDocument {
  const source = doc as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (!NOT_ON_WIRE.has(key)) out[key] = value;
  out.deleted = Boolean(source._deleted ?? source.deleted);
  return out as WireDocument;
}

/** A wire document as local fields (not pending: it is the server's state). */
export function wireToLocalFields(doc: WireDocument): Record<string, unknown> & { id: string; pendingAt: null } {
  const { deleted: _deleted, ...fields } = doc;
  void _deleted;
  return { ...fields, pendingAt: null };
}
