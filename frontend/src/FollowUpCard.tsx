import { useEffect, useId, useState } from "react";

import { type Activity, type Health, api } from "./api";
import { words } from "./format";

// The kinds of activity the API accepts (accounts.Activity.Kind).
export const KINDS = ["call", "email", "meeting", "note", "support_ticket"] as const;
const SUBJECT_MAX = 300;

export type FollowUp = { kind: string; subject: string };
type Logged = { activity: Activity; health: Health };
type Outcome = { logged: boolean; kind?: string; subject?: string } | { text: string };

type Props = {
  args: Partial<Record<keyof FollowUp, unknown>>;
  status: string;
  result?: unknown;
  respond?: (result: unknown) => Promise<void>;
  externalId: string;
  onLogged: () => void;
};

/** The tool result as the card shows it: our own JSON answer, or any other text as it is. */
export function outcomeOf(result: unknown): Outcome | null {
  if (result === undefined || result === null || result === "") return null;
  if (typeof result === "object") return result as Outcome;
  const text = String(result);
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object" && typeof parsed.logged === "boolean") return parsed;
  } catch {
    // not JSON: shown as text below
  }
  return { text };
}

const validKind = (kind: unknown): string => (typeof kind === "string" && (KINDS as readonly string[]).includes(kind) ? kind : "");
const text = (value: unknown): string => (typeof value === "string" ? value : "");

// The model proposes a follow-up; the manager completes or corrects it, and nothing is written
// until they confirm it.
export function FollowUpCard({ args, status, result, respond, externalId, onLogged }: Props) {
  const id = useId();
  const [kind, setKind] = useState(validKind(args.kind));
  const [subject, setSubject] = useState(text(args.subject));
  const [edited, setEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  // While the model is still writing the arguments, follow them (unless the manager has started editing).
  useEffect(() => {
    if (edited) return;
    setKind(validKind(args.kind));
    setSubject(text(args.subject));
  }, [args.kind, args.subject, edited]);

  const problems = [
    !kind && "Choose what kind of activity it is.",
    !subject.trim() && "Write what it is about.",
    subject.length > SUBJECT_MAX && `Keep the subject under ${SUBJECT_MAX} characters.`,
  ].filter(Boolean) as string[];
  const proposedKind = args.kind === undefined ? "" : String(args.kind);
  const notes = [
    status !== "inProgress" && !validKind(args.kind) &&
      (proposedKind ? `The assistant proposed “${proposedKind}”, which is not a kind of activity: choose one.` : "The assistant left out the kind: choose one."),
    status !== "inProgress" && !text(args.subject).trim() && "The assistant left out the subject: write one.",
  ].filter(Boolean) as string[];

  async function confirm() {
    setBusy(true);
    setError("");
    try {
      const logged = await api<Logged>(`/api/accounts/${encodeURIComponent(externalId)}/activities/`, {
        body: { kind, subject: subject.trim() },
      });
      onLogged();
      await respond?.({ logged: true, kind, subject: subject.trim(), activity_id: logged.activity.id, health_score: logged.health.score });
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  async function decline() {
    setBusy(true);
    await respond?.({ logged: false, reason: "The manager declined this follow-up." });
  }

  const outcome = status === "complete" ? outcomeOf(result) : null;
  if (status === "complete") {
    return (
      <div className="follow-up" role="group" aria-label="Proposed follow-up">
        <p className="follow-up-title">Follow-up</p>
        {outcome && "text" in outcome ? (
          <p className="follow-up-result">{outcome.text}</p>
        ) : outcome?.logged ? (
          <p>
            Logged: <strong>{words(outcome.kind ?? (kind || "activity"))}</strong> — {outcome.subject ?? subject}
          </p>
        ) : (
          <p className="muted">Declined.</p>
        )}
      </div>
    );
  }

  const ready = status === "executing" && !!respond;
  return (
    <div className="follow-up" role="group" aria-label="Proposed follow-up">
      <p className="follow-up-title">Log a follow-up?</p>
      {notes.map((note) => (
        <p key={note} className="follow-up-note">
          {note}
        </p>
      ))}
      <div className="follow-up-fields">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={kind}
          disabled={busy}
          onChange={(event) => {
            setEdited(true);
            setKind(event.target.value);
          }}
        >
          <option value="">Choose…</option>
          {KINDS.map((name) => (
            <option key={name} value={name}>
              {words(name)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-subject`}>Subject</label>
        <input
          id={`${id}-subject`}
          value={subject}
          maxLength={SUBJECT_MAX + 50}
          disabled={busy}
          onChange={(event) => {
            setEdited(true);
            setSubject(event.target.value);
          }}
        />
      </div>
      {ready && problems.length > 0 && (
        <p className="muted" id={`${id}-problems`}>
          {problems.join(" ")}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        <button
          type="button"
          className="btn"
          onClick={confirm}
          disabled={busy || !ready || problems.length > 0}
          aria-describedby={problems.length ? `${id}-problems` : undefined}
        >
          Confirm
        </button>
        <button type="button" className="btn secondary" onClick={decline} disabled={busy || !ready}>
          Decline
        </button>
      </div>
    </div>
  );
}
