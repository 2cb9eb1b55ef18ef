// Bundles web/src into web/dist/app.js and app.css: the Firebase SDK and uPlot come from node_modules, never a CDN.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [
    { in: path.join(here, "src/main.js"), out: "app" },
    { in: path.join(here, "src/app.css"), out: "app" },
  ],
  outdir: path.join(here, "dist"),
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  legalComments: "none",
  logLevel: "warning",
});
