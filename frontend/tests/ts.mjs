// Imports a TypeScript module of src/ in node (bundled by esbuild, which Vite uses too).
import { build } from "esbuild";

export async function importSource(file) {
  const entry = new URL(`../src/${file}`, import.meta.url).pathname;
  const { outputFiles } = await build({ entryPoints: [entry], bundle: true, format: "esm", write: false });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString("base64")}`);
}
