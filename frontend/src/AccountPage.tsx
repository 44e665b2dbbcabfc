import { CopilotChat, CopilotKitProvider, useAgent, useAgentContext, useConfigureSuggestions, useHumanInTheLoop } from "@copilotkit/react-core/v2";
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { z } from "zod";

import { type AccountDetail, ApiError, type Conversation, type ConversationMessage, type Page, api, csrfToken, session, usd } from "./api";
import { FollowUpCard } from "./FollowUpCard";
import { HealthBadge, Signals } from "./Health";
import { NotFound } from "./main";
import { useServerToolResults } from "./ToolResults";

const AGENT = "orchestrator";

/** The reason the server gave: RUN_ERROR's message, or the `message` of an HTTP error's body. */
export function reasonOf(error: Error): string {
  const match = error.message.match(/^HTTP \d+: (.*)$/s);
  if (match) {
    try {
      const body = JSON.parse(match[1]);
      if (typeof body.message === "string") return body.message;
    } catch {
      // not JSON: show it as it is
    }
  }
  return error.message || "The copilot could not answer.";
}

export function AccountPage() {
  const { externalId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const threadId = search.get("thread");
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [chatError, setChatError] = useState("");

  const refresh = useCallback(() => {
    api<AccountDetail>(`/api/accounts/${encodeURIComponent(externalId)}/`)
      .then(setAccount)
      .catch((error) => error instanceof ApiError && error.status === 404 && setMissing(true));
    api<Page<Conversation>>(`/api/threads/?account=${encodeURIComponent(externalId)}`)
      .then((page) => setConversations(page.results))
      .catch(() => undefined);
  }, [externalId]);

  useEffect(refresh, [refresh]);
  useEffect(() => {
    if (!threadId) setSearch({ thread: crypto.randomUUID() }, { replace: true });
  }, [threadId, setSearch]);

  if (missing) return <NotFound what="account" />;
  if (!account || !threadId) return <p className="muted">Loading…</p>;
  return (
    <div className="account-page">
      <section className="facts" aria-labelledby="account-title">
        <p>
          <Link to="/">← My accounts</Link>
        </p>
        <h1 id="account-title">{account.name}</h1>
        <p className="muted">
          {account.external_id} · {account.status.replace("_", " ")} · contract end {account.contract_end ?? "—"}
        </p>
        <h2>Health</h2>
        <p>
          <HealthBadge health={account.health} />
        </p>
        <Signals health={account.health} />
        <h2>Open deals</h2>
        {account.open_deals.length ? (
          <ul>
            {account.open_deals.map((deal) => (
              <li key={deal.id}>
                {deal.name} — {deal.stage}, ${deal.amount} ({deal.probability}%)
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <h2>Recent activities</h2>
        {account.recent_activities.length ? (
          <ul className="activities">
            {account.recent_activities.map((activity) => (
              <li key={activity.id}>
                {new Date(activity.occurred_at).toLocaleDateString()} · {activity.kind}: {activity.subject}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <Conversations
          conversations={conversations}
          current={threadId}
          onOpen={(id) => setSearch({ thread: id })}
          onNew={() => setSearch({ thread: crypto.randomUUID() })}
        />
      </section>
      <section className="copilot" aria-label="Copilot">
        <CopilotKitProvider
          key={`${externalId}/${threadId}`}
          runtimeUrl="/copilotkit"
          credentials="same-origin"
          headers={{ "X-CSRFToken": csrfToken() }}
          properties={{ account_id: externalId }}
          showDevConsole={false}
          enableInspector={false}
          onError={({ error }) => setChatError(reasonOf(error))}
        >
          <AccountCopilot account={account} threadId={threadId} onChanged={refresh} error={chatError} setError={setChatError} />
        </CopilotKitProvider>
      </section>
    </div>
  );
}

function Conversations(props: { conversations: Conversation[]; current: string; onOpen: (id: string) => void; onNew: () => void }) {
  const [calls, setCalls] = useState<ConversationMessage[]>([]);
  const current = props.conversations.find((conversation) => conversation.id === props.current);
  useEffect(() => {
    if (!session.staff || !current) return;
    api<{ messages: ConversationMessage[] }>(`/api/threads/${encodeURIComponent(current.id)}/`)
      .then((thread) => setCalls(thread.messages.filter((message) => message.request_id !== null)))
      .catch(() => undefined);
  }, [current]);
  return (
    <>
      <h2>Conversations</h2>
      <button type="button" className="btn secondary" onClick={props.onNew}>
        New conversation
      </button>
      <ul className="conversations">
        {props.conversations.map((conversation) => (
          <li key={conversation.id} aria-current={conversation.id === props.current ? "true" : undefined}>
            <button type="button" className="link" onClick={() => props.onOpen(conversation.id)}>
              {conversation.title ?? "Untitled"}
            </button>
            <div className="muted">
              {conversation.calls} call{conversation.calls === 1 ? "" : "s"} · {conversation.input_tokens + conversation.output_tokens} tokens ·{" "}
              {usd(conversation.cost_usd)}
            </div>
          </li>
        ))}
      </ul>
      {session.staff && calls.length > 0 && (
        <p className="muted">
          Calls of this conversation:{" "}
          {calls.map((message) => (
            <a key={message.id} href={`${session.adminUrl}copilot/analysisrequest/${message.request_id}/change/`}>
              #{message.request_id}{" "}
            </a>
          ))}
        </p>
      )}
    </>
  );
}

type CopilotProps = { account: AccountDetail; threadId: string; onChanged: () => void; error: string; setError: (error: string) => void };

function AccountCopilot({ account, threadId, onChanged, error, setError }: CopilotProps) {
  const { agent } = useAgent({ agentId: AGENT });
  const wasRunning = useRef(false);
  useServerToolResults();

  useEffect(() => {
    if (agent.isRunning) {
      wasRunning.current = true;
      setError("");
    } else if (wasRunning.current) {
      wasRunning.current = false;
      onChanged(); // a run finished: its cost, and maybe a logged activity
    }
  }, [agent.isRunning, onChanged, setError]);

  useAgentContext({
    description: "The account the manager is looking at (its facts as this page shows them)",
    value: {
      id: account.external_id,
      name: account.name,
      status: account.status,
      health: account.health,
      open_deals: account.open_deals,
      recent_activities: account.recent_activities,
    },
  });
  useConfigureSuggestions({
    available: "always",
    suggestions: [
      { title: "What are the main risks?", message: "What are the main risks?" },
      { title: "Draft a renewal email", message: "Draft a renewal email" },
    ],
  });
  const externalId = account.external_id;
  const FollowUp = useCallback(
    (props: any) => <FollowUpCard {...props} externalId={externalId} onLogged={onChanged} />,
    [externalId, onChanged],
  );
  useHumanInTheLoop(
    {
      name: "logFollowUp",
      description:
        "Log a follow-up activity on this account, such as a call or an email to do. The manager confirms or declines it first.",
      parameters: z.object({
        kind: z.enum(["call", "email", "meeting", "note"]).describe("what kind of activity"),
        subject: z.string().describe("what the follow-up is about, in a short line"),
      }),
      render: FollowUp,
    },
    [FollowUp],
  );

  return (
    <>
      {error && (
        <p role="alert" className="error chat-error">
          {error}
        </p>
      )}
      <CopilotChat
        agentId={AGENT}
        threadId={threadId}
        labels={{ chatInputPlaceholder: `Ask about ${account.name}…` }}
        // CopilotKit's icon buttons have no name: screen readers need one.
        input={{ addMenuButton: { "aria-label": "Add attachments" }, sendButton: { "aria-label": "Send" } } as never}
      />
    </>
  );
}
