import { ActionsPanel } from "./ActionsPanel";

/** Every open action on the manager's accounts, the earliest due (so the overdue) first. */
export function MyActionsPage() {
  return (
    <section className="panel my-actions" aria-labelledby="my-actions-title">
      <h1 id="my-actions-title">My actions</h1>
      <p className="muted">Every open action on your accounts, the earliest due first.</p>
      <ActionsPanel level={2} />
    </section>
  );
}
