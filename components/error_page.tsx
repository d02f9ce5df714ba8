/** The page a browser sees for an error: what went wrong, and the request id to quote. */
import type { HttpError } from "../server/errors.ts";
import { Layout } from "./layout.tsx";
import { renderPage } from "./render.ts";

/** Renders an error as a page. */
export function errorPage(err: HttpError, requestId: string): string {
  return renderPage(
    <Layout title={`Error ${err.status}`}>
      <h1>{err.status === 404 ? "Not found" : "Something went wrong"}</h1>
      <p>{err.message}</p>
      <p>
        <small>Request id: {requestId}</small>
      </p>
    </Layout>,
  );
}
