/** The page frame of the admin UI: header, navigation, content, and the footer credit. */
import type { ComponentChildren } from "preact";
import { Footer } from "./footer.tsx";

/** Props of every page. */
export interface LayoutProps {
  title: string;
  actor?: string;
  /** The session's CSRF token, for the logout form. */
  csrf?: string;
  children?: ComponentChildren;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f8}
header{background:#2b2d42;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
header a{color:#fff;text-decoration:none}
header nav{flex:1}
header nav a{margin-right:.8rem}
.logout{margin:0}
main{max-width:72rem;margin:1rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
footer.credit{text-align:center;padding:2rem 0;font-size:.9rem}
`;

/** Wraps a page's content in the common frame. */
export function Layout({ title, actor, csrf, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · MastoWatch`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>MastoWatch</strong>
          <nav>
            <a href="/">Overview</a> <a href="/accounts">Accounts</a> <a href="/rules">Rules</a>
            {" "}
            <a href="/workflows">Workflows</a> <a href="/logs">Audit log</a>
          </nav>
          {actor
            ? (
              <form method="post" action="/logout" class="logout">
                <span>{actor}</span> <input type="hidden" name="csrf" value={csrf ?? ""} />
                <button type="submit">Log out</button>
              </form>
            )
            : <a href="/login">Log in</a>}
        </header>
        <main>{children}</main>
        <Footer />
      </body>
    </html>
  );
}
