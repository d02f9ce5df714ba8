/** The page frame of the admin UI: header, navigation, content, and the footer credit. */
import type { ComponentChildren } from "preact";
import { Footer } from "./footer.tsx";

/** Who is looking at a page: the actor and the session's CSRF token (from the context). */
export interface Viewer {
  actor?: string;
  csrf?: string;
}

/** Props of every page. */
export interface LayoutProps extends Viewer {
  title: string;
  /** The navigation entry of this page, marked as current. */
  active?: string;
  /** Stylesheets besides the common one (served from /static). */
  styles?: string[];
  children?: ComponentChildren;
}

const NAV = [
  ["/", "Overview"],
  ["/accounts", "Accounts"],
  ["/waves", "Waves"],
  ["/rules", "Rules"],
  ["/workflows", "Workflows"],
  ["/logs", "Audit log"],
  ["/settings", "Settings"],
] as const;

/** The logout form: a POST carrying the session's CSRF token. */
export function LogoutForm({ actor, csrf }: Viewer) {
  return (
    <form method="post" action="/admin/logout" class="who">
      <span>{actor}</span>
      <input type="hidden" name="csrf" value={csrf ?? ""} />
      <button type="submit">Log out</button>
    </form>
  );
}

/** Wraps a page's content in the common frame. */
export function Layout({ title, actor, csrf, active, styles = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · MastoWatch`}</title>
        {/* forms.css first: the phone rules at the end of app.css override it. */}
        <link rel="stylesheet" href="/static/forms.css" />
        <link rel="stylesheet" href="/static/app.css" />
        {styles.map((href) => <link key={href} rel="stylesheet" href={href} />)}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">MastoWatch</a>
          {actor
            ? (
              <nav>
                {NAV.map(([href, label]) => (
                  <a key={href} href={href} aria-current={active === href ? "page" : undefined}>
                    {label}
                  </a>
                ))}
              </nav>
            )
            : <nav />}
          {actor && csrf ? <LogoutForm actor={actor} csrf={csrf} /> : null}
          {!actor ? <a href="/login">Log in</a> : null}
        </header>
        <main>{children}</main>
        <Footer />
      </body>
    </html>
  );
}
