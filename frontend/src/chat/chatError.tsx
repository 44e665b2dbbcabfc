// A chat's failure, shared by the account and portfolio chats: CopilotKit's onError kept as a
// Failure, and shown as the manager's sentence (with the operator's detail for staff).
import { useCallback, useState } from "react";

import { session } from "../api";
import { type Failure, failureOf, managerMessage, operatorDetail } from "../errors";

/** The chat's last failure, the provider's onError that records it, and a way to clear it. */
export function useChatError() {
  const [error, setError] = useState<Failure | null>(null);
  const onError = useCallback((event: unknown) => setError(failureOf(event as never)), []);
  return { error, setError, onError };
}

export function ChatError({ error }: { error: Failure | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="error chat-error">
      <p>{managerMessage(error)}</p>
      {session.staff && <p className="operator-detail">For staff: {operatorDetail(error)}</p>}
    </div>
  );
}
