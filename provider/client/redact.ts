/** What replaces a secret wherever it would have been shown. */
export const REDACTED = "[redacted]";

// Shapes that carry credentials even when the value itself is unknown to us (a token from another process).
const PATTERNS: RegExp[] = [
  /((?:access|refresh|id)_token|client_secret|code)=([^&\s"']+)/gi,
  /("(?:access_token|refresh_token|id_token|client_secret)"\s*:\s*")([^"]*)(")/gi,
  /(<(?:\w+:)?(?:AuthenticationToken|DeveloperToken|Password|UserName)\b[^>]*>)([^<]*)(<)/gi,
  /(authorization:\s*bearer\s+)(\S+)/gi,
];

/**
 * Removes secrets from text. Known secret values are replaced wherever they appear; credential-shaped fields
 * (token=…, "refresh_token": "…", <AuthenticationToken>…) are replaced whatever their value.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers values that must never be shown. Short values are ignored: redacting "1" would mangle every id. */
  add(...values: Array<string | undefined>): this {
    for (const v of values) if (v && v.length >= 6) this.secrets.add(v);
    return this;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is removed whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    out = out.replace(PATTERNS[0], `$1=${REDACTED}`);
    out = out.replace(PATTERNS[1], `$1${REDACTED}$3`);
    out = out.replace(PATTERNS[2], `$1${REDACTED}$3`);
    out = out.replace(PATTERNS[3], `$1${REDACTED}`);
    return out;
  }
}
