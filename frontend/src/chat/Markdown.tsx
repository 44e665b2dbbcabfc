// The chat's markdown, standing in for `streamdown` (vite.config.ts aliases it here). CopilotKit
// renders every assistant message with Streamdown, which ships every Shiki language and theme,
// Mermaid and KaTeX (with all its fonts): megabytes a manager's answers never use. This keeps what
// they do use, GitHub-flavoured markdown (lists, tables, links, emphasis, code), through the
// unified/remark stack CopilotKit already bundles. Raw HTML is not rendered and unsafe link
// protocols are dropped (react-markdown's defaults).
import type { ComponentProps } from "react";
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";

const plugins = [remarkGfm];

type Props = { children?: string; className?: string } & Omit<ComponentProps<"div">, "children">;

export function Streamdown({ children, className }: Props) {
  return (
    <div className={className}>
      <Markdown remarkPlugins={plugins}>{children ?? ""}</Markdown>
    </div>
  );
}
