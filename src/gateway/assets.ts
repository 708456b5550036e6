/** The one stylesheet of the gateway pages, served from /assets/gateway.css (CSP style-src 'self'). */
export const GATEWAY_CSS = `
:root { --ink: #1d2733; --muted: #5b6673; --line: #d6dde4; --accent: #154273; --bg: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: .8rem 1.5rem; color: #fff; background: var(--accent); }
body.site-digid header { background: #e17000; }
body.site-pgo header { background: #2e6b3a; }
body.site-demo header { background: #444; }
header .site { font-weight: 600; }
main { max-width: 44rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 1.5rem; margin-top: 0; }
h2 { font-size: 1.15rem; }
p.muted, .muted { color: var(--muted); font-size: .9rem; }
.button, button { display: inline-block; padding: .55rem 1.1rem; margin: .25rem .5rem .25rem 0; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent); color: #fff; font: inherit; text-decoration: none; cursor: pointer; }
.button.secondary, button.secondary { background: #fff; color: var(--accent); }
label { display: block; margin: .6rem 0 .2rem; font-weight: 600; }
label.check { font-weight: normal; }
input[type=text] { font: inherit; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 6px; width: 14rem; }
.error { border-left: 4px solid #b3261e; padding: .5rem 1rem; background: #fdf0ef; }
.ok { border-left: 4px solid #2e6b3a; padding: .5rem 1rem; background: #eef7f0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
code { font-size: .9em; }
details { margin: 1rem 0; }
ul.persons li { margin: .2rem 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
`;
