// Stands in for @copilotkit/web-inspector (vite.config.ts): the app turns CopilotKit's developer
// inspector off (enableInspector={false}), so its 1.4 MB (every lucide icon) is not built. Should
// anything load it, the import fails and CopilotKit logs "Failed to load CopilotKit inspector".
throw new Error("The CopilotKit inspector is not part of this build.");
