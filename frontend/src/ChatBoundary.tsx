import { Component, type ReactNode } from "react";

type State = { failed: boolean };

/** Whatever the chat meets that it cannot draw, the rest of the page stays: the manager is told,
 * and can start a new conversation. */
export class ChatBoundary extends Component<{ children: ReactNode; onNew: () => void }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.error("The copilot could not be shown:", error);
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="error chat-error">
        <p>The copilot could not show this conversation.</p>
        <button type="button" className="btn secondary" onClick={() => this.setState({ failed: false }, this.props.onNew)}>
          Start a new conversation
        </button>
      </div>
    );
  }
}
