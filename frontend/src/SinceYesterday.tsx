import { useEffect, useState } from "react";
import { Link } from "react-router-dom";

import { type HealthChange, type Page, api } from "./api";
import { HealthBadge } from "./Health";
import { day, signalName } from "./format";

/** The signed-in manager's accounts whose band or signals changed since yesterday, worst first. */
export function SinceYesterday() {
  const [changes, setChanges] = useState<Page<HealthChange> | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Page<HealthChange>>("/api/accounts/changes/")
      .then(setChanges)
      .catch((failure: Error) => setError(failure.message));
  }, []);

  return (
    <section className="panel since-yesterday" aria-labelledby="since-yesterday-title">
      <h2 id="since-yesterday-title">Since yesterday</h2>
      {error ? (
        <p className="muted">The changes could not be loaded: {error}</p>
      ) : changes === null ? (
        <p className="muted">Loading…</p>
      ) : changes.results.length === 0 ? (
        <p className="muted">No account changed band or signals since yesterday.</p>
      ) : (
        <>
          <ul className="change-list">
            {changes.results.map((change) => (
              <li key={change.external_id}>
                <Link to={`/accounts/${encodeURIComponent(change.external_id)}`}>{change.name}</Link>{" "}
                <span className="band-move">
                  <HealthBadge health={{ score: change.score_before, band: change.band_before }} />
                  <span aria-label="became"> → </span>
                  <HealthBadge health={{ score: change.score_after, band: change.band_after }} />
                </span>
                <div className="muted">
                  {[
                    ...change.appeared.map((signal) => `${signalName(signal)} appeared`),
                    ...change.cleared.map((signal) => `${signalName(signal)} cleared`),
                  ].join(" · ") || "Same signals, different band"}
                </div>
              </li>
            ))}
          </ul>
          {changes.count > changes.results.length && (
            <p className="muted">
              and {changes.count - changes.results.length} more since {day(changes.results[0].since)}.
            </p>
          )}
        </>
      )}
    </section>
  );
}
