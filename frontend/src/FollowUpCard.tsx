import { useState } from "react";

import { type Activity, type Health, api } from "./api";

export type FollowUp = { kind: string; subject: string };
type Logged = { activity: Activity; health: Health };

type Props = {
  args: Partial<FollowUp>;
  status: string;
  result?: string;
  respond?: (result: unknown) => Promise<void>;
  externalId: string;
  onLogged: () => void;
};

// The model proposes a follow-up; nothing is written until the manager confirms it.
export function FollowUpCard({ args, status, result, respond, externalId, onLogged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function confirm() {
    setBusy(true);
    setError("");
    try {
      const logged = await api<Logged>(`/api/accounts/${encodeURIComponent(externalId)}/activities/`, {
        body: { kind: args.kind, subject: args.subject },
      });
      onLogged();
      await respond?.({ logged: true, activity_id: logged.activity.id, health_score: logged.health.score });
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  async function decline() {
    setBusy(true);
    await respond?.({ logged: false, reason: "The manager declined this follow-up." });
  }

  const done = status === "complete";
  const outcome = done && result ? (JSON.parse(result) as { logged?: boolean }) : null;
  return (
    <div className="follow-up" role="group" aria-label="Proposed follow-up">
      <p className="follow-up-title">Log a follow-up?</p>
      <p>
        <strong>{args.kind ?? "…"}</strong>: {args.subject ?? "…"}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done ? (
        <p className="muted">{outcome?.logged ? "Logged." : "Declined."}</p>
      ) : (
        <div className="buttons">
          <button type="button" className="btn" onClick={confirm} disabled={busy || !respond}>
            Confirm
          </button>
          <button type="button" className="btn secondary" onClick={decline} disabled={busy || !respond}>
            Decline
          </button>
        </div>
      )}
    </div>
  );
}
