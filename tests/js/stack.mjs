// Starts the Django AG-UI runtime, its database and the provider double (tests/support/agui_stack.py).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const python = process.env.PYTHON ?? path.join(root, ".venv/bin/python");

export async function startStack() {
  const child = spawn(python, ["-m", "tests.support.agui_stack"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const firstLine = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the stack exited with ${code}`)));
  });
  const stack = JSON.parse(firstLine);
  return {
    ...stack,
    runtimeUrl: `${stack.url}/copilotkit`,
    // The double's next replies, e.g. {kind: "tool_use", tool: {name, input}}.
    async script(...replies) {
      const response = await fetch(`${stack.double}/_script`, { method: "POST", body: JSON.stringify(replies) });
      if (!response.ok) throw new Error(`scripting the double failed: ${response.status}`);
    },
    stop() {
      child.stdin.end(); // the stack stops its server and exits
    },
  };
}
