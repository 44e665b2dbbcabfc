throw new Error("The CopilotKit inspector is not part of this build.");
