import type { Health } from "./api";

export function HealthBadge({ health }: { health: Health }) {
  return (
    <span className={`band band-${health.band}`}>
      {health.score} · {health.band.replace("_", " ")}
    </span>
  );
}

export function Signals({ health }: { health: Health }) {
  if (!health.signals.length) return <p className="muted">No warning signals.</p>;
  return (
    <ul className="signals">
      {health.signals.map((signal) => (
        <li key={signal.code}>
          <strong>{signal.detail}</strong> <span className="muted">(−{signal.penalty})</span>
        </li>
      ))}
    </ul>
  );
}
