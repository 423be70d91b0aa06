// Parsers for option values: booleans, ISO 8601 times, durations, KEY=VALUE.
import { OssifyError } from '../core/errors.js';

function usage(message: string, hint: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_USAGE', message, { hint });
}

export function parseBool(value: unknown, flag: string): boolean {
  if (value === undefined || value === true) return true;
  const v = String(value).toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw usage(`${flag} takes true or false, not "${String(value)}"`, `e.g. ${flag}=false`);
}

export function parseTimestamp(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw usage(`invalid timestamp "${value}"`, 'use ISO 8601, e.g. 2024-05-01T12:00:00Z');
  }
  return d;
}

const UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

/** "30d", "12 hours", "1w" -> seconds. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw usage(`invalid duration "${value}"`, 'use a number and a unit, e.g. 30d, 12h, 90min, 2w');
  }
  return Number(m[1]) * unit;
}

export function parseKeyValue(item: string, flag: string): [string, string] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw usage(`${flag} expects KEY=VALUE, got "${item}"`, `e.g. ${flag} version=1.2`);
  return [item.slice(0, eq), item.slice(eq + 1)];
}
