// The manager's next-best actions, one account's (on its page) or every account's ("My actions"):
// accept a proposal, dismiss it saying why, or mark it done (which logs an activity on the account).
// Proposals a chat makes on this page appear at once (useActionsChanged).
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router-dom";

import { type DoneRecommendation, type Recommendation, session } from "../api";
import { requestFailure } from "../errors";
import { day, isoDay, relativeDay, words } from "../format";
import { DISMISS_REASONS, acceptAction, byDue, dismissAction, doneAction, openActions, useActionsChanged } from "./actions";

type Problem = { sentence: string; detail: string };

/** An activity kind as a noun with its article: "a call", "an email", "a support ticket". */
function kindNoun(kind: string): string {
  const noun = words(kind).toLowerCase();
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

type Props = {
  /** One account's actions (its id); without it, every account's, each linking to its account. */
  account?: string;
  /** The level of each action's title, under the heading the panel sits below. */
  level?: 2 | 3;
  /** An action was done: the response carries the account's refreshed health. */
  onDone?: (done: DoneRecommendation) => void;
};

export function ActionsPanel({ account, level = 3, onDone }: Props) {
  const [actions, setActions] = useState<Recommendation[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [news, setNews] = useState("");

  const reload = useCallback(() => {
    openActions(account)
      .then((found) => {
        setActions(found);
        setProblem(null);
      })
      .catch((error) => setProblem(requestFailure(error)));
  }, [account]);

  useEffect(reload, [reload]);
  useActionsChanged(
    useCallback((changed: string | null) => (changed === null || !account || changed === account) && reload(), [account, reload]),
  );

  const settled = (action: Recommendation, message: string) => {
    setActions((current) => (current ?? []).filter((other) => other.id !== action.id));
    setNews(message);
  };
  const handlers: Handlers = {
    accepted: (action) => {
      setActions((current) => (current ?? []).map((other) => (other.id === action.id ? action : other)).sort(byDue));
      setNews(`Accepted: ${action.title}.`);
    },
    dismissed: (action) => settled(action, `Dismissed: ${action.title} (${action.dismiss_reason}).`),
    done: (action) => {
      settled(action, `Done: ${action.title}, logged as ${kindNoun(action.kind)} on ${action.account_name}.`);
      onDone?.(action);
    },
    conflict: reload, // the list was out of date: show where each action stands now
  };

  return (
    <div className="actions-panel">
      <p role="status" className="muted actions-news">
        {news}
      </p>
      {problem && actions === null && <ProblemAlert problem={problem} />}
      {actions === null ? (
        !problem && <p className="muted">Loading…</p>
      ) : actions.length === 0 ? (
        <p className="muted">No open actions.</p>
      ) : (
        <ul className="actions" aria-label={account ? "Open actions" : "Open actions, earliest due first"}>
          {actions.map((action) => (
            <ActionItem key={action.id} action={action} level={level} showAccount={!account} handlers={handlers} />
          ))}
        </ul>
      )}
    </div>
  );
}

type Handlers = {
  accepted: (action: Recommendation) => void;
  dismissed: (action: Recommendation) => void;
  done: (action: DoneRecommendation) => void;
  conflict: () => void;
};

function ProblemAlert({ problem }: { problem: Problem }) {
  return (
    <div role="alert" className="error">
      <p>{problem.sentence}</p>
      {session.staff && <p className="operator-detail">For staff: {problem.detail}</p>}
    </div>
  );
}

/** When it is due, in words and as a date; an overdue one says so in words, not only in colour. */
function Due({ on }: { on: string }) {
  const today = isoDay();
  const when = (
    <>
      {relativeDay(on, today)} (<time dateTime={on}>{day(on)}</time>)
    </>
  );
  if (on < today) {
    return (
      <p className="due overdue">
        <strong>Overdue</strong>: was due {when}
      </p>
    );
  }
  return <p className="due">Due {when}</p>;
}

function ActionItem({ action, level, showAccount, handlers }: { action: Recommendation; level: 2 | 3; showAccount: boolean; handlers: Handlers }) {
  const titleId = useId();
  const [mode, setMode] = useState<"idle" | "dismiss" | "done">("idle");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const openers = useRef<Record<string, HTMLButtonElement | null>>({});
  const Title = `h${level}` as "h2" | "h3";

  async function run<T>(call: () => Promise<T>, then: (result: T) => void) {
    setBusy(true);
    setProblem(null);
    try {
      then(await call());
    } catch (error) {
      setProblem(requestFailure(error));
      setBusy(false);
      if ((error as { status?: number }).status === 409) handlers.conflict();
    }
  }
  const close = () => {
    const was = mode;
    setMode("idle");
    setProblem(null);
    requestAnimationFrame(() => openers.current[was]?.focus()); // back to the button that opened the form
  };

  return (
    <li className="action" aria-labelledby={titleId}>
      <Title id={titleId} className="action-title">
        {action.title}
      </Title>
      {showAccount && (
        <p className="action-account">
          <Link to={`/accounts/${encodeURIComponent(action.account)}`}>{action.account_name}</Link>
          <span className="muted"> {action.account}</span>
        </p>
      )}
      <p className="action-facts">
        {words(action.kind)} · <span className={`priority priority-${action.priority}`}>{words(action.priority)} priority</span> ·{" "}
        {action.status === "accepted" ? "Accepted" : "Proposed"}
      </p>
      <Due on={action.due_on} />
      <p className="rationale">{action.rationale}</p>
      {problem && <ProblemAlert problem={problem} />}
      {mode === "idle" && (
        <div className="buttons">
          {action.status === "proposed" && (
            <button type="button" className="btn" disabled={busy} onClick={() => run(() => acceptAction(action.id), handlers.accepted)}>
              Accept
            </button>
          )}
          <button type="button" className="btn secondary" disabled={busy} onClick={() => setMode("done")} ref={(button) => { openers.current.done = button; }}>
            Done
          </button>
          <button type="button" className="btn secondary" disabled={busy} onClick={() => setMode("dismiss")} ref={(button) => { openers.current.dismiss = button; }}>
            Dismiss
          </button>
        </div>
      )}
      {mode === "dismiss" && (
        <DismissForm title={action.title} busy={busy} onCancel={close} onConfirm={(reason) => run(() => dismissAction(action.id, reason), handlers.dismissed)} />
      )}
      {mode === "done" && (
        <DoneForm title={action.title} kind={action.kind} busy={busy} onCancel={close} onConfirm={(note) => run(() => doneAction(action.id, note), handlers.done)} />
      )}
    </li>
  );
}

/** A form's last row: its submit button (labelled `confirm`) and Cancel, which closes the form. */
function FormButtons({ confirm, disabled, onCancel }: { confirm: string; disabled: boolean; onCancel: () => void }) {
  return (
    <div className="buttons">
      <button type="submit" className="btn" disabled={disabled}>
        {confirm}
      </button>
      <button type="button" className="btn secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

const OTHER = "other";
const REASON_MAX = 300;

function DismissForm(props: { title: string; busy: boolean; onCancel: () => void; onConfirm: (reason: string) => void }) {
  const id = useId();
  const [choice, setChoice] = useState("");
  const [typed, setTyped] = useState("");
  const reason = (choice === OTHER ? typed : choice).trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason) props.onConfirm(reason);
  };
  return (
    <form className="action-form" onSubmit={submit} aria-label={`Dismiss “${props.title}”`}>
      <fieldset>
        <legend>Why dismiss it?</legend>
        {DISMISS_REASONS.map((text, index) => (
          <label key={text} className="choice">
            <input type="radio" name={`${id}-reason`} value={text} checked={choice === text} onChange={() => setChoice(text)} autoFocus={index === 0} />
            {text}
          </label>
        ))}
        <label className="choice">
          <input type="radio" name={`${id}-reason`} value={OTHER} checked={choice === OTHER} onChange={() => setChoice(OTHER)} />
          Other
        </label>
        {choice === OTHER && (
          <label className="field">
            Your reason
            <input type="text" value={typed} maxLength={REASON_MAX} onChange={(event) => setTyped(event.target.value)} autoFocus />
          </label>
        )}
      </fieldset>
      {!reason && <p className="muted">Choose a reason, or choose Other and write one.</p>}
      <FormButtons confirm="Confirm" disabled={!reason || props.busy} onCancel={props.onCancel} />
    </form>
  );
}

const NOTE_MAX = 2000;

function DoneForm(props: { title: string; kind: string; busy: boolean; onCancel: () => void; onConfirm: (note: string) => void }) {
  const [note, setNote] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConfirm(note);
  };
  return (
    <form className="action-form" onSubmit={submit} aria-label={`Mark “${props.title}” done`}>
      <p className="muted">It is logged on the account as {kindNoun(props.kind)}.</p>
      <label className="field">
        What was done (optional)
        <textarea value={note} maxLength={NOTE_MAX} rows={2} onChange={(event) => setNote(event.target.value)} autoFocus />
      </label>
      <FormButtons confirm="Mark done" disabled={props.busy} onCancel={props.onCancel} />
    </form>
  );
}
