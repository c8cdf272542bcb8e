package dev.corsagent.bridge;

/**
 * The plan's {@code Vary} tokens merged into the app's {@code Vary} lines, in place: nothing is
 * copied unless a token is missing. Part of the bridge (inlined advice reach it through
 * {@link CorsBridge#varyToWrite}).
 */
final class VaryMerge {
    /**
     * The last merge that built a new value. An app sends the same Vary on most responses (often
     * {@code Accept-Encoding}), so the next merge is mostly this one again: compared, not rebuilt.
     * Immutable, so sharing it between threads through a plain field is safe.
     */
    private static Merged last;

    private static final class Merged {
        final String existing;
        final String tokens;
        final String value;
        final byte[] bytes;

        Merged(String existing, String tokens, String value) {
            this.existing = existing;
            this.tokens = tokens;
            this.value = value;
            this.bytes = ResponsePlan.latin1(value);
        }
    }

    private VaryMerge() {
    }

    /** A merged value {@link #merge} returned, as ISO-8859-1 bytes: the last merge's own when it is that one. */
    static byte[] bytesOf(String merged) {
        Merged cached = last;
        return cached != null && cached.value == merged ? cached.bytes : ResponsePlan.latin1(merged);
    }

    /**
     * Merges the plan's Vary tokens into the app's Vary value. Returns the value to set, or null
     * when the existing value already says it all. {@code existing} may be null.
     */
    static String merge(String existing, String tokens) {
        if (tokens == null) {
            return null;
        }
        if (existing == null || isBlank(existing)) {
            return tokens;
        }
        if (existing.equals(tokens)) {
            return null; // what the plan wrote is still there: the common case at exit
        }
        if (isStar(existing)) {
            return null;
        }
        Merged cached = last;
        if (cached != null && cached.tokens == tokens && cached.existing.equals(existing)) {
            return cached.value;
        }
        // nothing is copied unless a token is missing
        StringBuilder merged = null;
        int start = 0;
        while (start < tokens.length()) {
            int comma = tokens.indexOf(',', start);
            int end = comma < 0 ? tokens.length() : comma;
            int s = start;
            int e = end;
            while (s < e && tokens.charAt(s) <= ' ') {
                s++;
            }
            while (e > s && tokens.charAt(e - 1) <= ' ') {
                e--;
            }
            if (s < e && !containsToken(existing, tokens, s, e)) {
                if (merged == null) {
                    merged = new StringBuilder(existing.trim());
                }
                merged.append(", ").append(tokens, s, e);
            }
            start = end + 1;
        }
        if (merged == null) {
            return null;
        }
        Merged made = new Merged(existing, tokens, merged.toString());
        last = made;
        return made.value;
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > ' ') {
                return false;
            }
        }
        return true;
    }

    /** {@code text.trim().equals("*")} without copying. */
    private static boolean isStar(String text) {
        int s = 0;
        int e = text.length();
        while (s < e && text.charAt(s) <= ' ') {
            s++;
        }
        while (e > s && text.charAt(e - 1) <= ' ') {
            e--;
        }
        return e - s == 1 && text.charAt(s) == '*';
    }

    /** Whether the comma-separated {@code list} holds {@code token[ts, te)} (trimmed, ignoring case). */
    private static boolean containsToken(String list, String token, int ts, int te) {
        int length = te - ts;
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            int s = start;
            int e = end;
            while (s < e && list.charAt(s) <= ' ') {
                s++;
            }
            while (e > s && list.charAt(e - 1) <= ' ') {
                e--;
            }
            if (e - s == length && list.regionMatches(true, s, token, ts, length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
