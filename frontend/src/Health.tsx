import type { Health, HealthTrend, Snapshot } from "./api";
import { bandName, day, signalName, signalSentence } from "./format";

export function HealthBadge({ health }: { health: { score: number; band: string } }) {
  return (
    <span className={`band band-${health.band}`}>
      {health.score} · {bandName(health.band)}
    </span>
  );
}

export function Signals({ health, since }: { health: Health; since?: Map<string, string> }) {
  if (!health.signals.length) return <p className="muted">No warning signals.</p>;
  return (
    <ul className="signals">
      {health.signals.map((signal) => (
        <li key={signal.code}>
          <strong>{signalSentence(signal)}</strong> <span className="muted">(−{signal.penalty})</span>
          {since?.get(signal.code) && <span className="muted"> · since {since.get(signal.code)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Since when each signal that fires now has fired, from the trend: the day it last appeared, or
 * "<first day> or earlier" when it fired on every day the series holds. */
export function appearedOn(trend: HealthTrend, current: string[]): Map<string, string> {
  const since = new Map<string, string>();
  const first = trend.series[0];
  for (const signal of current) if (first?.signals.includes(signal)) since.set(signal, `${day(first.day)} or earlier`);
  for (const change of trend.changes) {
    if (change.change === "appeared" && current.includes(change.signal)) since.set(change.signal, day(change.day));
  }
  return since;
}

const WIDTH = 240;
const HEIGHT = 48;

/** The daily score as a line (0 at the bottom, 100 at the top), with its first and last values in words. */
export function Sparkline({ series }: { series: Snapshot[] }) {
  if (!series.length) return <p className="muted">No history yet: the first daily snapshot is taken tonight.</p>;
  const first = series[0];
  const last = series[series.length - 1];
  const step = series.length > 1 ? WIDTH / (series.length - 1) : 0;
  const y = (score: number) => HEIGHT - 2 - (score / 100) * (HEIGHT - 4);
  const points = series.map((point, index) => `${(index * step).toFixed(1)},${y(point.score).toFixed(1)}`).join(" ");
  const label = `Health score from ${first.score} on ${day(first.day)} to ${last.score} on ${day(last.day)}`;
  return (
    <figure className="sparkline">
      <svg role="img" aria-label={label} viewBox={`-2 0 ${WIDTH + 4} ${HEIGHT}`} preserveAspectRatio="none" data-testid="sparkline">
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
        {series.length === 1 && <circle cx={0} cy={y(first.score)} r={3} fill="currentColor" />}
      </svg>
      <figcaption className="muted">
        {first.score} on {day(first.day)} → {last.score} on {day(last.day)}
      </figcaption>
    </figure>
  );
}

/** The signals that appeared or cleared, latest first. */
export function WhatChanged({ trend }: { trend: HealthTrend }) {
  if (!trend.changes.length) return <p className="muted">No signal appeared or cleared in this period.</p>;
  return (
    <ul className="changes" aria-label="What changed">
      {[...trend.changes].reverse().map((change) => (
        <li key={`${change.day}-${change.signal}-${change.change}`}>
          <time dateTime={change.day}>{day(change.day)}</time>: {signalName(change.signal)}{" "}
          <span className={`change change-${change.change}`}>{change.change}</span>
        </li>
      ))}
    </ul>
  );
}

/** Up, down or level: the score now against the score before. */
export function TrendArrow({ before, after }: { before: number | null; after: number }) {
  if (before === null) {
    const steady = "No change in band or signals this week";
    return (
      <span className="trend muted" role="img" aria-label={steady} title={steady}>
        –
      </span>
    );
  }
  const delta = after - before;
  const [arrow, word] = delta > 0 ? ["↑", "better"] : delta < 0 ? ["↓", "worse"] : ["→", "level"];
  const label = `${word} this week: ${before} → ${after}`;
  return (
    <span className={`trend trend-${word}`} role="img" aria-label={label} title={label}>
      {arrow}
    </span>
  );
}
