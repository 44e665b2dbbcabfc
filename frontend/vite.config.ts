import { fileURLToPath } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// The chat's libraries in pieces of a few hundred kB, each under Vite's 500 kB warning, so that they
// download in parallel and stay cached across releases of the app's own code. Only the account
// page loads them; React and the router are a piece of their own that the
// first page loads with the entry. Grouped by package (the last
// node_modules/<name> in a module's path), along the libraries' own layers so no two pieces
// import each other.
const MAIN = /^(react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)$/;
const CHAT_CHUNKS: [RegExp, string][] = [
  [/^(zod|zod-to-json-schema)$/, "chat-zod"],
  [/^(@ag-ui\/.*|@bufbuild\/.*|rxjs|tslib|clsx|fast-json-patch|untruncate-json|uuid|compare-versions)$/, "chat-agui"],
  [/^(@copilotkit\/(core|shared)|phoenix|date-fns|@tanstack\/(store|pacer|devtools-event-client)|@segment\/.*|@scarf\/.*|chalk|graphql|partial-json)$/, "chat-core"],
  [/^(@modelcontextprotocol\/.*|@a2ui\/.*|@copilotkit\/(a2ui-renderer|mcp-apps-renderer|web-components)|lit|lit-.*|@lit\/.*|@lit-labs\/.*|@jetbrains\/.*|@preact\/signals-core)$/, "chat-apps"],
  [/^(react-markdown|remark-.*|rehype-.*|unified|micromark.*|mdast-.*|hast-.*|unist-.*|vfile.*|property-information|space-separated-tokens|comma-separated-tokens|zwitch|decode-named-character-reference|character-.*|html-url-attributes|devlop|bail|trough|ccount|markdown-table|longest-streak|escape-string-regexp|trim-lines|style-to-.*|inline-style-parser|estree-.*|is-plain-obj|extend|is-buffer|kleur|diff|mri|uvu|dequal|sade|web-namespaces|html-void-elements|parse5|entities|hastscript|hast|@ungap\/structured-clone|prop-types|react-is)$/, "chat-markdown"],
];

function chatChunk(id: string): string | undefined {
  if (id.includes("vite/preload-helper")) return "react"; // dynamic import() of every piece uses it
  const packages = id.match(/node_modules\/(@[^/]+\/[^/]+|[^/@][^/]*)/g);
  if (!packages) return undefined;
  const name = packages[packages.length - 1].slice("node_modules/".length);
  // React and the router in one piece every other depends on (and that depends on none): left
  // unassigned, Rollup puts React's CommonJS wrappers in a chat piece and two pieces import each other.
  if (MAIN.test(name)) return "react";
  return CHAT_CHUNKS.find(([pattern]) => pattern.test(name))?.[1] ?? "chat-ui";
}

// Django serves the build as static files under /static/app/ and renders the page that loads it,
// reading the manifest for the hashed entry names.
export default defineConfig({
  plugins: [react()],
  base: "/static/app/",
  resolve: {
    alias: [
      // CopilotKit's chat renders markdown with Streamdown and loads KaTeX's styles; the app renders
      // GitHub-flavoured markdown and no math, so neither (nor Shiki, Mermaid, KaTeX's fonts) ships.
      { find: /^streamdown$/, replacement: source("chat/Markdown.tsx") },
      { find: /^katex\/dist\/katex\.min\.css$/, replacement: source("chat/no-math.css") },
      { find: /^@copilotkit\/web-inspector$/, replacement: source("chat/no-inspector.ts") },
    ],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      input: "src/main.tsx",
      // The chat's libraries in a few cacheable pieces, each under Vite's 500 kB warning; only the
      // account page loads them (React and the router stay in the entry).
      output: { manualChunks: chatChunk },
    },
  },
});
