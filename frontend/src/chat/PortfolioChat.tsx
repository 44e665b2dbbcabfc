// A conversation about the whole book: no account, so the server answers with its portfolio tools.
// Loaded only when the manager opens it from the accounts list (CopilotKit stays out of the list's
// first load).
import "@copilotkit/react-core/v2/styles.css";

import { CopilotChat, CopilotKitProvider, useConfigureSuggestions } from "@copilotkit/react-core/v2";
import { useState } from "react";

import { csrfToken, session } from "../api";
import { type Failure, failureOf, managerMessage, operatorDetail } from "../errors";
import { useServerToolResults } from "./ToolResults";

const AGENT = "orchestrator";

export default function PortfolioChat({ threadId }: { threadId: string }) {
  const [error, setError] = useState<Failure | null>(null);
  return (
    <CopilotKitProvider
      key={threadId}
      runtimeUrl="/copilotkit"
      credentials="same-origin"
      headers={{ "X-CSRFToken": csrfToken() }}
      showDevConsole={false}
      enableInspector={false}
      onError={(event) => setError(failureOf(event as never))}
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
      {error && (
        <div role="alert" className="error chat-error">
          <p>{managerMessage(error)}</p>
          {session.staff && <p className="operator-detail">For staff: {operatorDetail(error)}</p>}
        </div>
      )}
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
