/** French names of the breakers and their states. */

const SERVICE_NAMES: Record<string, string> = {
  meteoFrance: 'Météo France',
  claude: 'Claude (Anthropic)',
};

const STATE_LABELS: Record<string, string> = {
  CLOSED: 'Fermé : appels normaux',
  OPEN: 'Ouvert : appels suspendus',
  HALF_OPEN: 'Semi-ouvert : appels d’essai',
  DISABLED: 'Désactivé',
  FORCED_OPEN: 'Ouvert manuellement',
  METRICS_ONLY: 'Mesure seule',
};

const HEALTH_LABELS: Record<string, string> = {
  UP: 'Opérationnel',
  DEGRADED: 'Dégradé',
  RECOVERING: 'En rétablissement',
  HEALTHY: 'Sain',
  UNHEALTHY: 'Indisponible',
  UNKNOWN: 'Inconnu',
};

export function serviceName(key: string): string {
  return SERVICE_NAMES[key] ?? key;
}

export function breakerStateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

export function healthLabel(status: string): string {
  return HEALTH_LABELS[status] ?? status;
}

/** "12 %", or a plain sentence while the breaker has not recorded enough calls (-1). */
const percent = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function rateLabel(rate: number): string {
  return rate < 0 ? 'pas encore assez d’appels' : `${percent.format(rate)} %`;
}
