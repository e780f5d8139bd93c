import { formatDateTime, type Translate } from '../i18n/index.js';

export interface DetailLine {
  label: string;
  value: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MAX_VALUE = 300;

function plain(value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => plain(v, t)).join(', ');
  const o = value as Record<string, unknown>;
  if ('from' in o || 'to' in o) return `${plain(o.from, t)} → ${plain(o.to, t)}`;
  return Object.entries(o)
    .map(([k, v]) => `${label(k, t)}: ${plain(v, t)}`)
    .join('; ');
}

function label(key: string, t: Translate): string {
  const k = `audit.detail.${key}`;
  const text = t(k);
  return text === k ? key : text;
}

/** An event's details as lines a person reads ("Vai trò: agency → reviewer"), not JSON. */
export function detailLines(details: unknown, t: Translate): DetailLine[] {
  if (!details || typeof details !== 'object') return [];
  return Object.entries(details as Record<string, unknown>).map(([k, v]) => {
    const value = plain(v, t);
    return { label: label(k, t), value: value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value };
  });
}
