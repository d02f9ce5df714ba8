/**
 * How much of each attacker-written text the engine reads. Remote servers write statuses,
 * profiles and links without logging in, so every parser and detector stops at a bound: the
 * cost of an evaluation grows at most linearly with its input, and each bound sits far above
 * what an ordinary status or profile contains, so verdicts on real content do not change.
 */

/** Status or profile HTML is parsed up to this many characters. */
export const MAX_HTML_CHARS = 100_000;
/** A text is matched (keywords, regexes) up to this many characters. */
export const MAX_SCAN_CHARS = 20_000;
/** Characters matched per evaluation, over all statuses (the triggering status comes first). */
export const MAX_EVALUATION_SCAN_CHARS = 200_000;
/** Characters of status HTML parsed per evaluation, over all statuses, in the same order. */
export const MAX_EVALUATION_HTML_CHARS = 1_000_000;

/** A tag name longer than this is no tag the parser acts on. */
export const MAX_TAG_NAME = 64;
/** Attributes read per tag (only href and class matter). */
export const MAX_ATTRIBUTES = 32;
/** An attribute value is kept up to this many characters. */
export const MAX_ATTRIBUTE_CHARS = 4096;
/** A link's class list is read up to this many characters ("u-url mention hashtag"). */
export const MAX_CLASS_CHARS = 256;
/** A link's visible text is kept up to this many characters. */
export const MAX_LINK_TEXT = 512;
/** A URL is read up to this many characters: the host and path a detector needs come first. */
export const MAX_URL_CHARS = 4096;
/** DNS names are at most 253 characters; a longer host cannot be resolved. */
export const MAX_HOST_CHARS = 253;

/** Links (mentions and hashtags included) recorded per status. */
export const MAX_LINKS = 256;
/** Mentions counted per status. */
export const MAX_MENTIONS = 1000;
/** Media attachments read per status (Mastodon allows four). */
export const MAX_MEDIA = 16;
/** Poll options read per status. */
export const MAX_POLL_OPTIONS = 64;
/** Profile fields read per account (Mastodon allows four). */
export const MAX_FIELDS = 16;

/** Statuses compared pairwise for near-duplicates. */
export const MAX_COMPARED_STATUSES = 50;
/**
 * Characters of a status's text that its fingerprints (campaign key, near-duplicate shingles)
 * read; fixed, so that the caller counting campaign keys and the rule reading them agree.
 */
export const MAX_FINGERPRINT_CHARS = 5000;
/** Characters of a status's fingerprint text that near-duplicate shingles cover. */
export const MAX_SHINGLE_CHARS = 2000;
/** Characters of a username that the randomness score reads. */
export const MAX_USERNAME_CHARS = 64;
/**
 * Combining marks in a row before the normaliser breaks the run (Unicode's stream-safe format):
 * reordering a longer run costs time quadratic in its length.
 */
export const MAX_MARK_RUN = 30;
