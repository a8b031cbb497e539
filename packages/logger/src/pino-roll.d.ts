// pino-roll ships no types; this is the part of its API the logger uses.
declare module 'pino-roll' {
  import type pino from 'pino';
  export interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    [sonicBoomOption: string]: unknown;
  }
  export default function roll(options: PinoRollOptions): Promise<ReturnType<typeof pino.destination>>;
}
