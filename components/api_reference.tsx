/** The API reference page: Swagger UI over /openapi.json, inside the common frame. */
import { Layout, type Viewer } from "./layout.tsx";

/** Where the page's script and stylesheets are served (routes/openapi.ts). */
export const ASSETS = "/docs/api/assets";

/** The reference page; Swagger UI starts from a script file, as the CSP allows no inline one. */
export function ApiReferencePage({ actor, csrf, spec }: Viewer & { spec: string }) {
  return (
    <Layout title="API reference" actor={actor} csrf={csrf} styles={[`${ASSETS}/swagger-ui.css`]}>
      <h1>API reference</h1>
      <p>
        The OpenAPI 3.1 description of this service is at{" "}
        <a href={spec}>{spec}</a>. Requests need an API key (<code>X-API-Key</code> or{" "}
        <code>Authorization: Bearer</code>) or a moderator's session.
      </p>
      <div id="api-reference" class="api-reference" data-spec={spec} data-csrf={csrf ?? ""}>
        <noscript>The interactive reference needs JavaScript; {spec} needs none.</noscript>
      </div>
      <script defer src={`${ASSETS}/swagger-ui-bundle.js`}></script>
      <script defer src={`${ASSETS}/api_reference.js`}></script>
    </Layout>
  );
}
