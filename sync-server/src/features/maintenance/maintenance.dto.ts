/** JSON shapes of the original `/api/maintenance` endpoints (dates as ISO-8601 strings). */
import { effectiveState } from '@itercraft/shared/maintenance/session.rules';
import type { ServiceRow, SessionRow } from './maintenance.repo.ts';

export interface MaintenanceActivityDto {
  serviceCode: string;
  serviceLabel: string;
  isActive: boolean;
  startedAt: string | null;
  totalMinutesToday: number;
}

export interface MaintenanceSessionDto {
  id: string;
  serviceCode: string;
  serviceLabel: string;
  startedAt: string;
  endedAt: string | null;
  durationMinutes: number | null;
  autoStopped: boolean;
}

export interface ActivityTotalsDto {
  serviceCode: string;
  serviceLabel: string;
  todayMinutes: number;
  weekMinutes: number;
  monthMinutes: number;
  yearMinutes: number;
}

export interface MaintenanceTotalsDto {
  todayMinutes: number;
  weekMinutes: number;
  monthMinutes: number;
  yearMinutes: number;
  byActivity: ActivityTotalsDto[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A session as the 4-hour rule sees it at `now` (auto-stopped past 4 h even before the job ran). */
export function sessionDto(row: SessionRow, service: Pick<ServiceRow, 'code' | 'label'>, now: number): MaintenanceSessionDto {
  const s = effectiveState(row, now);
  return {
    id: s.id,
    serviceCode: service.code,
    serviceLabel: service.label,
    startedAt: iso(s.startedAt),
    endedAt: s.endedAt === null ? null : iso(s.endedAt),
    durationMinutes: s.durationMinutes,
    autoStopped: s.autoStopped,
  };
}

export function activityDto(service: ServiceRow, running: SessionRow | undefined, totalMinutesToday: number): MaintenanceActivityDto {
  return {
    serviceCode: service.code,
    serviceLabel: service.label,
    isActive: running !== undefined,
    startedAt: running ? iso(running.startedAt) : null,
    totalMinutesToday,
  };
}
