/** The page a browser sees for an error: what went wrong, what to do, the request id to quote. */
import type { HttpError } from "../server/errors.ts";
import { Layout, type Viewer } from "./layout.tsx";
import { renderPage } from "./render.ts";

function nextStep(status: number): string {
  if (status === 401 || status === 403) return "Log in again with an account that may moderate.";
  if (status === 404) return "Check the address, or start again from the overview.";
  if (status === 429) return "Wait a minute before trying again.";
  if (status >= 500) return "Try again shortly; if it persists, quote the request id below.";
  return "Go back, correct the request and try again.";
}

/** Renders an error as a page. */
export function errorPage(err: HttpError, requestId: string, viewer: Viewer = {}): string {
  return renderPage(
    <Layout title={`Error ${err.status}`} {...viewer}>
      <h1>{err.status === 404 ? "Not found" : `Error ${err.status}`}</h1>
      <p class="banner bad" role="alert">{err.message}</p>
      <p>{nextStep(err.status)}</p>
      <p>
        <a href="/">Overview</a>
        {viewer.actor ? null : (
          <>
            {" · "}
            <a href="/login">Log in</a>
          </>
        )}
      </p>
      <p>
        <small class="muted">Request id: {requestId}</small>
      </p>
    </Layout>,
  );
}
