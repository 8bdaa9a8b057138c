/** Display formats of the Entretien page, as the original showed them. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `XhMM` from 60 minutes (1h05), else `Xmin` (45min, 0min). */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m}min`;
  return `${Math.floor(m / 60)}h${pad(m % 60)}`;
}

/** The running timer: HH:MM:SS of a duration in ms (truncated to the second). */
export function formatTimer(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** The idle timer placeholder. */
export const IDLE_TIMER = '--:--:--';
