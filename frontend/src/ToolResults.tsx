import { useRenderTool } from "@copilotkit/react-core/v2";
import { Link } from "react-router-dom";
import { z } from "zod";

/** The server's tools (copilot/agent/tools), as the manager reads them. */
const TOOLS: Record<string, string> = {
  search_accounts: "Account search",
  get_account: "Account details",
  portfolio_summary: "Portfolio summary",
};

type Health = { score: number; band: string } | null | undefined;
type Found = { id: string; name: string; status?: string; health?: Health };

function parsed(result: string): Record<string, any> | null {
  try {
    const value = JSON.parse(result);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function healthText(health: Health): string {
  return health ? ` · ${health.score} ${health.band.replace("_", " ")}` : "";
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

function Answer({ name, data }: { name: string; data: Record<string, any> }) {
  if (name === "search_accounts") {
    const accounts: Found[] = data.accounts ?? [];
    return (
      <>
        <p>
          {data.total} account{data.total === 1 ? "" : "s"} found{accounts.length < data.total ? `, ${accounts.length} shown` : ""}
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
          {healthText(data.health)} · {data.open_deals?.length ?? 0} open deals
        </span>
      </p>
    );
  }
  const bands = Object.entries(data.by_band ?? {}).map(([band, count]) => `${count} ${band.replace("_", " ")}`);
  const renewals = (data.renewals ?? []).find((window: any) => window.within_days === 90);
  return (
    <>
      <p>
        {data.accounts} accounts{bands.length ? ` (${bands.join(", ")})` : ""}
        {renewals ? ` · ${renewals.accounts} renewing within 90 days` : ""}
      </p>
      {data.worst_accounts?.length > 0 && <AccountLinks accounts={data.worst_accounts} />}
    </>
  );
}

/** A server tool's call in the chat: what it is looking up, then its result as compact links (a
 * result that is not a JSON object is shown as text). */
export function ToolResult({ name, status, result }: { name: string; status: string; result?: string }) {
  const label = TOOLS[name] ?? name;
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
        <pre>{result}</pre>
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
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useRenderTool({ name, parameters: z.record(z.string(), z.unknown()), render: (props) => <ToolResult {...props} /> }, []);
  }
}
