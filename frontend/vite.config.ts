import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the build as static files under /static/app/ and renders the page that loads it,
// reading the manifest for the hashed entry names.
export default defineConfig({
  plugins: [react()],
  base: "/static/app/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    rollupOptions: { input: "src/main.tsx" },
    chunkSizeWarningLimit: 5000,
  },
});
