import { Suspense, lazy, useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";

import { type Account, type HealthChange, type Page, api } from "./api";
import { day, isoDay, relativeDay, signalSentence, words } from "./format";
import { HealthBadge, TrendArrow } from "./Health";
import { ChatBoundary } from "./ChatBoundary";
import { SinceYesterday } from "./SinceYesterday";

// The portfolio chat (and CopilotKit with it) loads when the manager opens it, not with the list;
// pointing at the button starts the download.
const loadPortfolioChat = () => import("./chat/PortfolioChat");
const PortfolioChat = lazy(loadPortfolioChat);

const TREND_DAYS = 7;

/** Score a week ago of each account whose band or signals changed since then (every page of them). */
async function weekAgoScores(): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  let next: string | null | undefined = `/api/accounts/changes/?since=${isoDay(TREND_DAYS)}`;
  while (next) {
    const page: Page<HealthChange> = await api<Page<HealthChange>>(next);
    for (const change of page.results) scores.set(change.external_id, change.score_before);
    next = page.next ? new URL(page.next, location.href).pathname + new URL(page.next, location.href).search : null;
  }
  return scores;
}

const BANDS = ["at_risk", "watch", "healthy"];
const STATUSES = ["active", "at_risk", "inactive", "onboarding", "churned"];

export function AccountsPage() {
  const [band, setBand] = useState("");
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState("");
  const [before, setBefore] = useState<Map<string, number>>(new Map());
  const [chatThread, setChatThread] = useState<string | null>(null);
  const chat = useRef<HTMLElement>(null);

  useEffect(() => {
    if (chatThread) chat.current?.scrollIntoView({ block: "nearest" }); // on a phone it is below the list
  }, [chatThread]);

  useEffect(() => {
    weekAgoScores()
      .then(setBefore)
      .catch(() => undefined); // the arrows are extra: the list stands without them
  }, []);

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
    <>
    <SinceYesterday />
    <div className={chatThread ? "accounts-page with-chat" : "accounts-page"}>
    <section aria-labelledby="accounts-title">
      <div className="page-heading">
        <h1 id="accounts-title">My accounts</h1>
        <button
          type="button"
          className="btn secondary"
          aria-expanded={chatThread !== null}
          aria-controls="portfolio-copilot"
          onPointerEnter={() => void loadPortfolioChat()}
          onFocus={() => void loadPortfolioChat()}
          onClick={() => setChatThread(chatThread ? null : crypto.randomUUID())}
        >
          {chatThread ? "Close the copilot" : "Ask the copilot about your accounts"}
        </button>
      </div>
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
                {words(name)}
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
                {words(name)}
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
              <th scope="col">Week</th>
              <th scope="col">Signals</th>
              <th scope="col">Status</th>
              <th scope="col">Contract end</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.external_id}>
                <td data-label="Account">
                  <Link to={`/accounts/${encodeURIComponent(account.external_id)}`}>{account.name}</Link>
                  <div className="muted">{account.external_id}</div>
                </td>
                <td data-label="Health">
                  <HealthBadge health={account.health} />
                </td>
                <td data-label="Week">
                  <TrendArrow before={before.get(account.external_id) ?? null} after={account.health.score} />
                </td>
                <td data-label="Signals">{account.health.signals.map((signal) => signalSentence(signal)).join(" ") || "—"}</td>
                <td data-label="Status">{words(account.status)}</td>
                <td data-label="Contract end">
                  {account.contract_end ? (
                    <>
                      <time dateTime={account.contract_end}>{day(account.contract_end)}</time>
                      <div className="muted">{relativeDay(account.contract_end)}</div>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
    {chatThread && (
      <section className="copilot" id="portfolio-copilot" aria-label="Portfolio copilot" ref={chat}>
        <ChatBoundary key={chatThread} onNew={() => setChatThread(crypto.randomUUID())}>
          <Suspense fallback={<p className="muted chat-loading">Loading the copilot…</p>}>
            <PortfolioChat threadId={chatThread} />
          </Suspense>
        </ChatBoundary>
      </section>
    )}
    </div>
    </>
  );
}
