/**
 * The host playground at `/host`: choose an MCP server (default: this one), list its tools that
 * have a UI, fill in arguments from the input schema, and open the tool in <sky-widget-frame>,
 * with every `ui/*` message and tool call in a log beside it.
 * `/host?server=<url>&tool=<name>&arguments=<json>` opens a tool directly.
 * The page is static HTML; client.ts (built by vite to dist/playground/playground.js) does the rest.
 */

/** What client.ts reads from the page (a JSON data block). */
export interface PlaygroundConfig {
  /** This server's MCP endpoint, relative to the page. */
  mcpPath: string;
  /** The sandbox page widgets run in (another origin), or null when this server runs none. */
  sandboxUrl: string | null;
}

/** Own scripts only; the network to any server the user names; frames only from the sandbox origin. */
export function playgroundCsp(sandboxUrl: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' http: https:",
    `frame-src ${sandboxUrl ? new URL(sandboxUrl).origin : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function playgroundPage(config: PlaygroundConfig): string {
  const data = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Skylit host playground</title>
<link rel="icon" href="data:,">
<style>
:root{color-scheme:light dark;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;--line:light-dark(#d4d4d8,#3f3f46);--muted:light-dark(#52525b,#a1a1aa);--raised:light-dark(#f4f4f5,#2a2a2d);--accent:light-dark(#1d4ed8,#93b4ff)}
body{margin:0;background:light-dark(#fafafa,#18181b);color:light-dark(#18181b,#f4f4f5)}
header{padding:.75rem 1.25rem;border-bottom:1px solid var(--line)}
header h1{margin:0;font-size:1.2rem}header p{margin:.2rem 0 0;color:var(--muted)}
main{display:grid;grid-template-columns:minmax(16rem,20rem) minmax(0,1fr) minmax(16rem,24rem);gap:1rem;padding:1rem 1.25rem}
@media (max-width:1100px){main{grid-template-columns:1fr}}
section{min-width:0}h2{font-size:1rem;margin:0 0 .5rem}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
.hint{font-weight:400;color:var(--muted);font-size:.85rem}
input,select,textarea,button{font:inherit;color:inherit}
input[type=text],input[type=url],input[type=number],select,textarea{box-sizing:border-box;width:100%;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:light-dark(#fff,#1f1f1f)}
textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;min-height:5rem}
button{padding:.35rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--raised);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:light-dark(#fff,#0b1220)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.row{display:flex;gap:.5rem;align-items:end;margin-top:.6rem}.row>*{flex:1}.row>button{flex:none}
.check{display:flex;gap:.4rem;align-items:center;font-weight:400}
.status{color:var(--muted);min-height:1.4em}.status.error{color:light-dark(#b42318,#ff9b8f)}
#log{list-style:none;margin:0;padding:0;max-height:75vh;overflow:auto;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;border:1px solid var(--line);border-radius:6px}
#log li{padding:.3rem .5rem;border-bottom:1px solid var(--line)}#log li:last-child{border-bottom:0}
#log summary{cursor:pointer}#log pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0 0}
.in{color:light-dark(#067647,#75e0a7)}.out{color:var(--accent)}.gate{color:light-dark(#b42318,#ff9b8f)}
.stage{min-height:12rem}
</style>
</head>
<body>
<header><h1>Skylit host playground</h1><p>Any MCP server's widgets in <code>&lt;sky-widget-frame&gt;</code>: sandboxed on their own origin, writes asked for, every message logged.</p></header>
<main>
<section aria-labelledby="choose"><h2 id="choose">Server and tool</h2><div id="controls"></div></section>
<section aria-labelledby="widget-heading"><h2 id="widget-heading">Widget</h2><div class="stage" id="stage"><p class="status">Choose a tool and open it.</p></div></section>
<section aria-labelledby="log-heading"><h2 id="log-heading">Messages and tool calls</h2><div id="log-controls"></div><ol id="log" tabindex="0" aria-label="Log of ui messages and tool calls"></ol></section>
</main>
<script type="application/json" id="skylit-playground-config">${data}</script>
<script type="module" src="/playground/playground.js"></script>
</body>
</html>
`;
}
