/** The footer credit every page carries; part of the licence, checked at start-up. */

/** The address the credit links to. */
export const CREDIT_URL = "https://goingdark.social";

/** The footer with the credit link. */
export function Footer() {
  return (
    <footer class="credit">
      <a href={CREDIT_URL} rel="noopener">Made for goingdark.social</a>
    </footer>
  );
}
