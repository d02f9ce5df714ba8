/** MastoWatch's own login page: which instance, one button, and why it may not work yet. */
import { Layout } from "./layout.tsx";

/** Props of the login page. */
export interface LoginProps {
  instance: string;
  /** Where the button starts the login, or undefined when login is not configured. */
  loginUrl?: string;
  /** What is missing when login is not configured. */
  missing: string[];
}

/** The login page. */
export function LoginPage({ instance, loginUrl, missing }: LoginProps) {
  return (
    <Layout title="Log in">
      <section class="login card">
        <h1>MastoWatch for {instance}</h1>
        <p>Moderators of {instance} log in with their Mastodon account.</p>
        {loginUrl
          ? (
            <p>
              <a class="button" href={loginUrl} data-login>Log in with Mastodon</a>
            </p>
          )
          : (
            <div class="banner bad" role="alert">
              <p>
                <strong>Login is not configured.</strong> Set {missing.join(", ")}{" "}
                in the service's environment and restart it. Register <code>/admin/callback</code>
                {" "}
                on this service's address as the OAuth redirect URI.
              </p>
              <p>The JSON API still answers requests that carry the API key.</p>
            </div>
          )}
        <p class="hint">
          Only accounts whose Mastodon role may manage reports can enter.
        </p>
      </section>
    </Layout>
  );
}
