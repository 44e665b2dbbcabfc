// The server's tool calls (copilot/agent/tools) in a chat, as compact results a manager reads:
// the accounts found as links to their pages, counts and days in words. Loaded with the chats only.
import { useRenderTool } from "@copilotkit/react-core/v2";
import { useEffect } from "react";
import { Link } from "react-router-dom";
import { z } from "zod";

import { announceActionsChanged } from "../actions/actions";
import { bandName, count, day, words } from "../format";

const TOOLS: Record<string, string> = {
  search_accounts: "Account search",
  get_account: "Account details",
  portfolio_summary: "Portfolio summary",
  propose_actions: "Proposed actions",
};

type Health = { score: number; band: string } | null | undefined;
type Found = { id: string; name: string; status?: string; health?: Health };

/** The result as a JSON object, or null when it is anything else (then it is shown as text). */
function parsed(result: unknown): Record<string, any> | null {
  if (result && typeof result === "object" && !Array.isArray(result)) return result as Record<string, any>;
  if (typeof result !== "string") return null;
  try {
    const value = JSON.parse(result);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function healthText(health: Health): string {
  return health ? ` · ${health.score} ${bandName(health.band)}` : "";
}

function AccountLinks({ accounts }: { accounts: Found[] }) {
  return (
    <ul className="tool-accounts">
      {accounts.map((account) => (
        <li key={account.id}>
          <Link to={`/accounts/${encodeURIComponent(account.id)}`}>{account.name}</Link>
          <span className="muted">
            {" "}
            {account.id}
            {healthText(account.health)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Stored proposals: the page's Actions panel shows them at once (a restored chat's too, harmlessly). */
function Announce({ account }: { account: string | null }) {
  useEffect(() => announceActionsChanged(account), [account]);
  return null;
}

function Answer({ name, data }: { name: string; data: Record<string, any> }) {
  if (name === "search_accounts") {
    const accounts: Found[] = data.accounts ?? [];
    return (
      <>
        <p>
          {count(data.total ?? accounts.length, "account", "accounts")} found
          {accounts.length < data.total ? `, ${accounts.length} shown` : ""}
        </p>
        <AccountLinks accounts={accounts} />
      </>
    );
  }
  if (name === "get_account") {
    return (
      <p>
        <Link to={`/accounts/${encodeURIComponent(data.id)}`}>{data.name}</Link>
        <span className="muted">
          {" "}
          {data.id}
          {healthText(data.health)} · {count(data.open_deals?.length ?? 0, "open deal", "open deals")}
        </span>
      </p>
    );
  }
  if (name === "propose_actions") {
    const stored: { id: number; title: string; kind: string; priority: string; due_on: string }[] = data.stored ?? [];
    const refused: { title: string; reason: string }[] = data.refused ?? [];
    return (
      <>
        {stored.length > 0 && <Announce account={typeof data.account === "string" ? data.account : null} />}
        <ul className="tool-accounts">
          {stored.map((action) => (
            <li key={action.id}>
              {action.title}
              <span className="muted">
                {" "}
                {words(action.kind)} · {words(action.priority)} priority · due <time dateTime={action.due_on}>{day(action.due_on)}</time>
              </span>
            </li>
          ))}
        </ul>
        {refused.map((action) => (
          <p key={action.title} className="muted">
            Not added: {action.title} — {action.reason}
          </p>
        ))}
      </>
    );
  }
  const bands = Object.entries(data.by_band ?? {}).map(([band, n]) => `${n} ${bandName(band).toLowerCase()}`);
  const renewals = (data.renewals ?? []).find((window: any) => window.within_days === 90);
  return (
    <>
      <p>
        {count(data.accounts ?? 0, "account", "accounts")}
        {bands.length ? ` (${bands.join(", ")})` : ""}
        {renewals ? ` · ${renewals.accounts} renewing within 90 days` : ""}
      </p>
      {data.worst_accounts?.length > 0 && <AccountLinks accounts={data.worst_accounts} />}
    </>
  );
}

/** A server tool's call: what it is looking up, then its result (a result that is not a JSON object
 * is shown as text, as the follow-up card does). */
export function ToolResult({ name, status, result }: { name: string; status: string; result?: unknown }) {
  const label = TOOLS[name] ?? words(name);
  if (status !== "complete" || result === undefined) {
    return (
      <div className="tool-result" role="status">
        {label}…
      </div>
    );
  }
  const data = parsed(result);
  return (
    <div className="tool-result" role="group" aria-label={label}>
      <p className="tool-title">{label}</p>
      {data === null ? (
        <p className="tool-text">{String(result)}</p>
      ) : typeof data.error === "string" ? (
        <p className="muted">{data.error}</p>
      ) : (
        <Answer name={name} data={data} />
      )}
    </div>
  );
}

/** Render the server's tool calls in this CopilotKit provider's chat. */
export function useServerToolResults() {
  for (const name of Object.keys(TOOLS)) {
    // The list is fixed, so the hooks are called in the same order on every render.
    useRenderTool({ name, parameters: z.record(z.string(), z.unknown()), render: (props) => <ToolResult {...props} /> }, []);
  }
}
