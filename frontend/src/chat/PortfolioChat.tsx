// A conversation about the whole book: no account, so the server answers with its portfolio tools.
// Loaded only when the manager opens it from the accounts list (CopilotKit stays out of the list's
// first load).
import "@copilotkit/react-core/v2/styles.css";

import { CopilotChat, CopilotKitProvider, useConfigureSuggestions } from "@copilotkit/react-core/v2";
import { csrfToken } from "../api";
import type { Failure } from "../errors";
import { ChatError, useChatError } from "./chatError";
import { useServerToolResults } from "./ToolResults";

const AGENT = "orchestrator";

export default function PortfolioChat({ threadId }: { threadId: string }) {
  const { error, onError } = useChatError();
  return (
    <CopilotKitProvider
      key={threadId}
      runtimeUrl="/copilotkit"
      credentials="same-origin"
      headers={{ "X-CSRFToken": csrfToken() }}
      showDevConsole={false}
      enableInspector={false}
      onError={onError}
    >
      <PortfolioCopilot threadId={threadId} error={error} />
    </CopilotKitProvider>
  );
}

function PortfolioCopilot({ threadId, error }: { threadId: string; error: Failure | null }) {
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
      <ChatError error={error} />
      <CopilotChat
        agentId={AGENT}
        threadId={threadId}
        labels={{ chatInputPlaceholder: "Ask about your accounts…" }}
        // CopilotKit's icon buttons have no name: screen readers need one.
        input={{ addMenuButton: { "aria-label": "Add attachments" }, sendButton: { "aria-label": "Send" } } as never}
      />
    </>
  );
}
