/** Public entry of the device management feature (composed into the dashboard page). */
export { DevicesSection, type DevicesSectionProps } from './devices-section.tsx';
export { enrolDevice, type Enrolment } from './devices-actions.ts';
