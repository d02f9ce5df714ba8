/**
 * `deno task build`: bundles each island in islands/ for the browser with `deno bundle`, and
 * copies uPlot's stylesheet beside them, so every script and style is served from our origin.
 * Helpers of an island live in a sub-folder of islands/ and are bundled into it, not alone.
 */

const root = new URL("../", import.meta.url);
const out = new URL("static/build/", root);
const entries = new URL("static/build/.entries/", root);
await Deno.mkdir(entries, { recursive: true });

const names: string[] = [];
for await (const e of Deno.readDir(new URL("islands/", root))) {
  if (e.isFile && e.name.endsWith(".tsx") && !e.name.endsWith("_test.tsx")) {
    names.push(e.name.replace(/\.tsx$/, ""));
  }
}

for (const name of names.sort()) {
  const entry = new URL(`${name}.tsx`, entries);
  // Props travel as JSON in a data attribute: no inline script, which the CSP forbids.
  await Deno.writeTextFile(
    entry,
    `import { h, hydrate } from "preact";
import Island from "../../../islands/${name}.tsx";
for (const el of document.querySelectorAll('[data-island="${name}"]')) {
  hydrate(h(Island, JSON.parse((el as HTMLElement).dataset.props ?? "{}")), el);
}
`,
  );
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "-o",
      new URL(`${name}.js`, out).pathname,
      entry.pathname,
    ],
    cwd: root.pathname,
  });
  const { code, stderr } = await cmd.output();
  if (code !== 0) {
    console.error(new TextDecoder().decode(stderr));
    Deno.exit(1);
  }
  console.log(`bundled islands/${name}.tsx -> static/build/${name}.js`);
}

const uplotCss = new URL("node_modules/uplot/dist/uPlot.min.css", root);
await Deno.copyFile(uplotCss, new URL("uplot.css", out));
console.log("copied uPlot.min.css -> static/build/uplot.css");
