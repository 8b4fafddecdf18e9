import type { AlertEvent } from './AlertEngine.js';
import { formatDuration } from './formatDuration.js';

/** A chart attached to a message (inline image in e-mails). */
export interface AlertChart {
  /** Content-ID of the inline image. */
  cid: string;
  filename: string;
  rule: string;
  png: Buffer;
}

/** One notification: one or more alert changes (several make a digest). */
export interface AlertMessage {
  subject: string;
  text: string;
  html: string;
  events: AlertEvent[];
  charts: AlertChart[];
  /** Where it comes from (host name), shown in the subject. */
  origin: string;
}

/**
 * Builds the subject and the text and HTML bodies of a notification about one or more
 * alert changes. Charts are referenced by Content-ID in the HTML.
 *
 * @example
 * buildAlertMessage([event], { origin: 'labpi', charts: [] }).subject;
 * // '[expmon labpi] FIRING hot: lab_temp = 31 °C, above 30 °C'
 */
export function buildAlertMessage(events: AlertEvent[], options: { origin: string; charts: AlertChart[]; note?: string }): AlertMessage {
  const firing = events.filter((e) => e.kind === 'firing').length;
  const resolved = events.length - firing;
  const prefix = `[expmon ${options.origin}]`;
  const subject =
    events.length === 1
      ? `${prefix} ${events[0]!.kind === 'firing' ? 'FIRING' : 'RESOLVED'} ${events[0]!.rule.name}: ${events[0]!.reason}`
      : `${prefix} ${events.length} alert changes: ${firing} firing, ${resolved} resolved`;
  const lines: string[] = [];
  const html: string[] = [];
  if (options.note) {
    lines.push(options.note, '');
    html.push(`<p><i>${esc(options.note)}</i></p>`);
  }
  for (const e of events) {
    const head = `${e.kind === 'firing' ? 'FIRING' : 'RESOLVED'} ${e.rule.name} (${e.sensor}) at ${iso(e.time)}`;
    lines.push(head, `  ${e.reason}`);
    if (e.kind === 'firing' && e.since < e.time) lines.push(`  condition since ${iso(e.since)} (${formatDuration(e.time - e.since)})`);
    if (e.rule.message) lines.push(`  ${e.rule.message}`);
    lines.push('');
    const color = e.kind === 'firing' ? '#d62728' : '#2ca02c';
    html.push(
      `<h3 style="color:${color}">${esc(head)}</h3>`,
      `<p>${esc(e.reason)}</p>`,
      e.rule.message ? `<p><b>${esc(e.rule.message)}</b></p>` : '',
    );
    const chart = options.charts.find((c) => c.rule === e.rule.name && e.kind === 'firing');
    if (chart) html.push(`<p><img src="cid:${chart.cid}" alt="chart of ${esc(e.sensor)}" width="800" height="320"></p>`);
  }
  lines.push('Silence a rule during maintenance: expmon-runner silence add CONFIG --rule NAME --for 6h --reason "..."');
  return {
    subject,
    text: lines.join('\n'),
    html: `<html><body style="font-family:sans-serif">${html.join('\n')}</body></html>`,
    events,
    charts: options.charts,
    origin: options.origin,
  };
}

function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
