/** Short French labels of documents, for the list of refused changes ("Session Tondeuse du 12/03"). */
import type { AppDatabase, CollectionName } from './collections.ts';

const dayMonth = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' });

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function date(value: unknown): string | null {
  return typeof value === 'number' && value > 0 ? dayMonth.format(new Date(value)) : null;
}

async function serviceLabel(db: AppDatabase, serviceId: unknown): Promise<string> {
  if (typeof serviceId !== 'string') return 'activité inconnue';
  const service = await db.services.findOne(serviceId).exec();
  return text(service?.label) ?? 'activité inconnue';
}

async function gameLabel(db: AppDatabase, doc: Record<string, unknown>): Promise<string> {
  const requested = text(doc.requestedNom);
  if (requested) return requested;
  const game = typeof doc.jeuId === 'string' ? await db.games.findOne(doc.jeuId).exec() : null;
  return text(game?.nom) ?? 'jeu';
}

const withDate = (base: string, at: unknown) => {
  const d = date(at);
  return d ? `${base} du ${d}` : base;
};

function genericLabel(doc: Record<string, unknown>): string {
  return typeof doc.id === 'string' ? `Document ${doc.id}` : 'Document';
}

/** Never throws: a label is a courtesy, a missing lookup falls back to a generic wording. */
export async function describeDocument(db: AppDatabase, collection: CollectionName, doc: Record<string, unknown>): Promise<string> {
  try {
    switch (collection) {
      case 'services':
        return `Activité « ${text(doc.label) ?? 'sans nom'} »`;
      case 'subscriptions':
        return `Abonnement à ${await serviceLabel(db, doc.serviceId)}`;
      case 'usages':
        return withDate(`Utilisation de ${await serviceLabel(db, doc.serviceId)}`, doc.usedAt);
      case 'maintenanceSessions':
        return withDate(`Session ${await serviceLabel(db, doc.serviceId)}`, doc.startedAt);
      case 'myGames':
        return `Jeu « ${await gameLabel(db, doc)} »`;
      case 'sensorDevices':
        return `Capteur « ${text(doc.name) ?? 'sans nom'} »`;
      default:
        return genericLabel(doc);
    }
  } catch {
    return genericLabel(doc);
  }
}
