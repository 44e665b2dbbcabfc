// The copilot beside an account: CopilotKit, its styles and the chat's markdown load only here,
// on demand, so the accounts list never fetches them.
import "@copilotkit/react-core/v2/styles.css";

import { CopilotChat, CopilotKitProvider, useAgent, useAgentContext, useConfigureSuggestions, useHumanInTheLoop } from "@copilotkit/react-core/v2";
import { useCallback, useEffect, useRef } from "react";
import { z } from "zod";

import { type AccountDetail, csrfToken } from "../api";
import type { Failure } from "../errors";
import { FollowUpCard, KINDS } from "../FollowUpCard";
import { ChatError, useChatError } from "./chatError";
import { useServerToolResults } from "./ToolResults";

const AGENT = "orchestrator";

export default function AccountChat({ account, threadId, onChanged }: { account: AccountDetail; threadId: string; onChanged: () => void }) {
  const { error, setError, onError } = useChatError();
  return (
    <CopilotKitProvider
      key={`${account.external_id}/${threadId}`}
      runtimeUrl="/copilotkit"
      credentials="same-origin"
      headers={{ "X-CSRFToken": csrfToken() }}
      properties={{ account_id: account.external_id }}
      showDevConsole={false}
      enableInspector={false}
      onError={onError}
    >
      <AccountCopilot account={account} threadId={threadId} onChanged={onChanged} error={error} setError={setError} />
    </CopilotKitProvider>
  );
}

type CopilotProps = {
  account: AccountDetail;
  threadId: string;
  onChanged: () => void;
  error: Failure | null;
  setError: (error: Failure | null) => void;
};

function AccountCopilot({ account, threadId, onChanged, error, setError }: CopilotProps) {
  const { agent } = useAgent({ agentId: AGENT });
  const wasRunning = useRef(false);
  useServerToolResults();

  useEffect(() => {
    if (agent.isRunning) {
      wasRunning.current = true;
      setError(null);
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
        kind: z.enum(KINDS).describe("what kind of activity"),
        subject: z.string().describe("what the follow-up is about, in a short line"),
      }),
      render: FollowUp,
    },
    [FollowUp],
  );

  return (
    <>
      <ChatError error={error} />
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
