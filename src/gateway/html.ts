/**
 * HTML rendering with escaping by default: every value interpolated into
 * `html` is escaped unless it is itself the result of `html` (SafeHtml).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Which party a page belongs to (colours the header so the demo shows where the person is). */
export type Site = "provider" | "digid" | "pgo" | "demo";

const SITE_LABEL: Record<Site, string> = {
  provider: "Zorgaanbieder · beveiligde omgeving",
  digid: "DigiD (testomgeving, geen echte DigiD)",
  pgo: "Demo PGO · persoonlijke gezondheidsomgeving",
  demo: "medmij-oauth demo",
};

export interface PageInit {
  readonly site: Site;
  readonly title: string;
  readonly body: SafeHtml;
  /** Overrides the header label (e.g. the provider's display name). */
  readonly siteLabel?: string;
}

export function page(init: PageInit): string {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${init.title}</title>
<link rel="stylesheet" href="/assets/gateway.css">
</head>
<body class="site-${init.site}">
<header><span class="site">${init.siteLabel ?? SITE_LABEL[init.site]}</span></header>
<main>
${init.body}
</main>
</body>
</html>
`.value;
}
