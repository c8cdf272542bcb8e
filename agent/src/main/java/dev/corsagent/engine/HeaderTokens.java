package dev.corsagent.engine;

/**
 * The one reader of comma-separated header lists ({@code Access-Control-Request-Headers}, its
 * lines already joined with {@code ,}): it walks the items in place, each trimmed of optional
 * white space (space, tab), empty items included, and copies nothing. A cursor over one line,
 * used within one decision.
 */
final class HeaderTokens {
    private final String line;
    /** Where the next item starts; past {@code line.length()} once the last item was read. */
    private int next;
    private int itemStart;
    private int itemEnd;
    private int start;
    private int end;

    HeaderTokens(String line) {
        this.line = line;
    }

    /** Moves to the next item; false after the last. "" has one (empty) item, "a," two. */
    boolean next() {
        if (next > line.length()) {
            return false;
        }
        itemStart = next;
        int comma = line.indexOf(',', next);
        itemEnd = comma < 0 ? line.length() : comma;
        start = trimStart(line, itemStart, itemEnd);
        end = trimEnd(line, start, itemEnd);
        next = itemEnd + 1;
        return true;
    }

    String line() {
        return line;
    }

    /** The current item, trimmed, is {@code line[start(), end())}. */
    int start() {
        return start;
    }

    int end() {
        return end;
    }

    boolean isEmpty() {
        return start == end;
    }

    /** Whether the current item is {@code token} (ASCII case-insensitive). */
    boolean is(String token) {
        return end - start == token.length() && line.regionMatches(true, start, token, 0, token.length());
    }

    /** Whether {@code list} (one header's value) holds the item {@code token}, ignoring case. */
    static boolean contains(String list, String token) {
        HeaderTokens items = new HeaderTokens(list);
        while (items.next()) {
            if (items.is(token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value}, trimmed of white space, is {@code token} (ASCII case-insensitive). */
    static boolean isOnly(String value, String token) {
        int s = trimStart(value, 0, value.length());
        int e = trimEnd(value, s, value.length());
        return e - s == token.length() && value.regionMatches(true, s, token, 0, token.length());
    }

    /** Whether {@code value} holds nothing but white space. */
    static boolean isBlank(String value) {
        return trimStart(value, 0, value.length()) == value.length();
    }

    /** The current name, copied: for reasons only. */
    String name() {
        return line.substring(start, end);
    }

    /** Whether the current name appeared, ignoring case, in an earlier item of the line. */
    boolean seenBefore() {
        int length = end - start;
        // the earlier items, read as next() reads them, in place (a second cursor object would be allocated)
        for (int from = 0; from < itemStart; ) {
            int comma = line.indexOf(',', from); // found: the current item starts after a comma
            int s = trimStart(line, from, comma);
            int e = trimEnd(line, s, comma);
            if (e - s == length && line.regionMatches(true, s, line, start, length)) {
                return true;
            }
            from = comma + 1;
        }
        return false;
    }

    /**
     * The value of {@code Access-Control-Allow-Headers} for a line whose names all passed: each
     * distinct name once, lower case, in request order, joined with ", "; null when it names none.
     * A line that already reads so ({@code "a, b"}) is returned as it is, nothing allocated.
     */
    static String allowList(String line) {
        HeaderTokens names = new HeaderTokens(line);
        boolean any = false;
        boolean canonical = true;
        while (names.next()) {
            if (names.isEmpty()) {
                canonical = false;
                continue;
            }
            any = true;
            if (names.seenBefore()) {
                canonical = false;
                continue;
            }
            // canonical: the first item starts the line, each other one is ", name"; no trailing space
            canonical = canonical && names.end == names.itemEnd && !hasUpperCase(line, names.start, names.end)
                    && (names.itemStart == 0 ? names.start == 0
                    : names.start == names.itemStart + 1 && line.charAt(names.itemStart) == ' ');
        }
        if (!any) {
            return null;
        }
        if (canonical) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        names.next = 0;
        while (names.next()) {
            if (names.isEmpty() || names.seenBefore()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            for (int i = names.start; i < names.end; i++) {
                char c = line.charAt(i);
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
        }
        return out.toString();
    }

    private static boolean hasUpperCase(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static int trimStart(String text, int start, int end) {
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        return start;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
