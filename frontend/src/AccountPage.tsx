import { Suspense, lazy, useCallback, useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { ActionsPanel } from "./actions/ActionsPanel";
import { type AccountDetail, ApiError, type DoneRecommendation, type HealthTrend, type Conversation, type ConversationMessage, type Page, api, session } from "./api";
import { HealthBadge, Signals, Sparkline, WhatChanged, appearedOn } from "./Health";
import { ChatBoundary } from "./ChatBoundary";
import { NotFound } from "./NotFound";
import { cost, count, day, money, moment, percent, relative, relativeDay, words } from "./format";

const AccountChat = lazy(() => import("./chat/AccountChat"));
const TREND_DAYS = 30;

export function AccountPage() {
  const { externalId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const threadId = search.get("thread");
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [trend, setTrend] = useState<HealthTrend | null>(null);

  const refresh = useCallback(() => {
    api<AccountDetail>(`/api/accounts/${encodeURIComponent(externalId)}/`)
      .then(setAccount)
      .catch((error) => error instanceof ApiError && error.status === 404 && setMissing(true));
    api<HealthTrend>(`/api/accounts/${encodeURIComponent(externalId)}/health/?days=${TREND_DAYS}`)
      .then(setTrend)
      .catch(() => undefined);
    api<Page<Conversation>>(`/api/threads/?account=${encodeURIComponent(externalId)}`)
      .then((page) => setConversations(page.results))
      .catch(() => undefined);
  }, [externalId]);

  useEffect(refresh, [refresh]);
  // Done logs an activity: its answer carries the new health at once, then the page catches up.
  const actionDone = useCallback(
    (done: DoneRecommendation) => {
      setAccount((current) => current && { ...current, health: done.health });
      refresh();
    },
    [refresh],
  );
  useEffect(() => {
    if (!threadId) setSearch({ thread: crypto.randomUUID() }, { replace: true });
  }, [threadId, setSearch]);

  if (missing) return <NotFound what="account" />;
  if (!account || !threadId) return <p className="muted">Loading…</p>;
  return (
    <div className="account-page">
      <section className="facts" aria-labelledby="account-title">
        <p className="page-links">
          <Link to="/">← My accounts</Link>
          <a href="#copilot" className="to-copilot">
            Ask the copilot ↓
          </a>
        </p>
        <h1 id="account-title">{account.name}</h1>
        <p className="muted">
          {account.external_id} · {words(account.status)}
          {account.industry && ` · ${account.industry}`}
          {account.annual_revenue !== null && ` · ${money(account.annual_revenue)} a year`}
          {" · "}
          {account.contract_end ? (
            <>
              contract ends <time dateTime={account.contract_end}>{day(account.contract_end)}</time> ({relativeDay(account.contract_end)})
            </>
          ) : (
            "no contract end"
          )}
        </p>
        <h2>Health</h2>
        <p>
          <HealthBadge health={account.health} />
        </p>
        <Signals
          health={account.health}
          since={trend ? appearedOn(trend, account.health.signals.map((signal) => signal.code)) : undefined}
        />
        <h2 id="actions-title">Actions</h2>
        <ActionsPanel account={account.external_id} onDone={actionDone} />
        <h2>Last {TREND_DAYS} days</h2>
        {trend ? (
          <>
            <Sparkline series={trend.series} />
            <h3>What changed</h3>
            <WhatChanged trend={trend} />
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
        <h2>Open deals</h2>
        {account.open_deals.length ? (
          <ul>
            {account.open_deals.map((deal) => (
              <li key={deal.id}>
                {deal.name} — {words(deal.stage)}, {money(deal.amount)} ({percent(deal.probability)} likely)
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
                <time dateTime={activity.occurred_at} title={moment(activity.occurred_at)}>
                  {relative(activity.occurred_at)}
                </time>{" "}
                · {words(activity.kind)}: {activity.subject}
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
      <section className="copilot" id="copilot" aria-label="Copilot">
        <ChatBoundary key={threadId} onNew={() => setSearch({ thread: crypto.randomUUID() })}>
          <Suspense fallback={<p className="muted chat-loading">Loading the copilot…</p>}>
            <AccountChat account={account} threadId={threadId} onChanged={refresh} />
          </Suspense>
        </ChatBoundary>
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
              <time dateTime={conversation.updated_at} title={moment(conversation.updated_at)}>
                {relative(conversation.updated_at)}
              </time>{" "}
              · {count(conversation.message_count, "message", "messages")} · {count(conversation.calls, "call", "calls")} · {count(conversation.input_tokens + conversation.output_tokens, "token", "tokens")} ·{" "}
              {cost(conversation.cost_usd)}
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

