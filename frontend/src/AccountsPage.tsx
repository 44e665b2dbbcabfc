import { CopilotChat, CopilotKitProvider, useConfigureSuggestions } from "@copilotkit/react-core/v2";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";

import { reasonOf } from "./AccountPage";
import { type Account, type Page, api, csrfToken } from "./api";
import { HealthBadge } from "./Health";
import { useServerToolResults } from "./ToolResults";

const BANDS = ["at_risk", "watch", "healthy"];
const STATUSES = ["active", "at_risk", "inactive", "onboarding", "churned"];

export function AccountsPage() {
  const [band, setBand] = useState("");
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    const query = new URLSearchParams({ ordering: "health" });
    if (band) query.set("health_band", band);
    if (status) query.set("status", status);
    if (search.trim()) query.set("search", search.trim());
    const timer = setTimeout(() => {
      api<Page<Account>>(`/api/accounts/?${query}`)
        .then((page) => {
          setAccounts(page.results);
          setError("");
        })
        .catch((failure: Error) => setError(failure.message));
    }, 150);
    return () => clearTimeout(timer);
  }, [band, status, search]);

  return (
    <div className="account-page">
      <section aria-labelledby="accounts-title">
        <h1 id="accounts-title">My accounts</h1>
        <div className="filters">
          <label>
            Search
            <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or id" />
          </label>
          <label>
            Health
            <select value={band} onChange={(event) => setBand(event.target.value)}>
              <option value="">Any</option>
              {BANDS.map((name) => (
                <option key={name} value={name}>
                  {name.replace("_", " ")}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">Any</option>
              {STATUSES.map((name) => (
                <option key={name} value={name}>
                  {name.replace("_", " ")}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        {accounts === null ? (
          <p className="muted">Loading…</p>
        ) : accounts.length === 0 ? (
          <p className="muted">No account matches.</p>
        ) : (
          <table className="accounts">
            <caption className="visually-hidden">Accounts, worst health first</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Health</th>
                <th scope="col">Signals</th>
                <th scope="col">Status</th>
                <th scope="col">Contract end</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.external_id}>
                  <td>
                    <Link to={`/accounts/${encodeURIComponent(account.external_id)}`}>{account.name}</Link>
                    <div className="muted">{account.external_id}</div>
                  </td>
                  <td>
                    <HealthBadge health={account.health} />
                  </td>
                  <td>{account.health.signals.map((signal) => signal.detail).join("; ") || "—"}</td>
                  <td>{account.status.replace("_", " ")}</td>
                  <td>{account.contract_end ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <PortfolioChat />
    </div>
  );
}

/** A conversation about the whole book: no account, the server's portfolio tools. */
function PortfolioChat() {
  const [threadId] = useState(() => crypto.randomUUID());
  const [error, setError] = useState("");
  return (
    <section className="copilot" aria-label="Portfolio copilot">
      <CopilotKitProvider
        runtimeUrl="/copilotkit"
        credentials="same-origin"
        headers={{ "X-CSRFToken": csrfToken() }}
        showDevConsole={false}
        enableInspector={false}
        onError={({ error }) => setError(reasonOf(error))}
      >
        <PortfolioCopilot threadId={threadId} error={error} />
      </CopilotKitProvider>
    </section>
  );
}

function PortfolioCopilot({ threadId, error }: { threadId: string; error: string }) {
  useServerToolResults();
  useConfigureSuggestions({
    available: "always",
    suggestions: [
      { title: "Which accounts have stalled deals?", message: "Which of my accounts have stalled deals?" },
      { title: "What renews this quarter?", message: "What renews in the next 90 days?" },
    ],
  });
  return (
    <>
      {error && (
        <p role="alert" className="error chat-error">
          {error}
        </p>
      )}
      <CopilotChat
        agentId="orchestrator"
        threadId={threadId}
        labels={{ chatInputPlaceholder: "Ask about your accounts…" }}
        input={{ addMenuButton: { "aria-label": "Add attachments" }, sendButton: { "aria-label": "Send" } } as never}
      />
    </>
  );
}
