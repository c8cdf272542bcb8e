package dev.corsagent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern compiled into segments: {@code *} is exactly one segment, {@code **} any number
 * (zero included), anything else a literal segment compared case-sensitively. Empty segments are
 * ignored on both sides, so {@code /api/} and {@code /api} are the same path. Matching walks the
 * path string in place and allocates nothing.
 */
public final class PathPattern {
    private static final String ONE = "*";
    private static final String ANY = "**";

    private final String text;
    private final String[] segments;

    private PathPattern(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Why {@code pattern} is refused, or null when it is well-formed. */
    public static String check(String pattern) {
        if (!pattern.startsWith("/")) {
            return "a path pattern starts with '/' (e.g. /api/**)";
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '?' || c == '#') {
                return "a path pattern holds no spaces, control characters, query or fragment";
            }
        }
        for (String segment : split(pattern)) {
            if (segment.indexOf('*') >= 0 && !segment.equals(ONE) && !segment.equals(ANY)) {
                return "'" + segment + "': '*' and '**' must be whole segments (/api/*/items, /api/**)";
            }
        }
        return null;
    }

    /** Compiles a pattern that passed {@link #check(String)}. */
    public static PathPattern compile(String pattern) {
        String problem = check(pattern);
        if (problem != null) {
            throw new IllegalArgumentException(pattern + ": " + problem);
        }
        List<String> compiled = new ArrayList<String>();
        for (String segment : split(pattern)) {
            // consecutive '**' mean the same as one and would only slow matching down
            if (segment.equals(ANY) && !compiled.isEmpty() && compiled.get(compiled.size() - 1).equals(ANY)) {
                continue;
            }
            compiled.add(segment.equals(ANY) ? ANY : segment.equals(ONE) ? ONE : segment);
        }
        return new PathPattern(pattern, compiled.toArray(new String[0]));
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<String>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    public String text() {
        return text;
    }

    /** Whether every path matches ({@code /**}). */
    public boolean matchesEverything() {
        return segments.length == 1 && segments[0] == ANY;
    }

    /** Whether the request path (normalized, context path included) matches. Null never matches. */
    public boolean matches(String path) {
        if (path == null) {
            return false;
        }
        return matchFrom(0, path, skipSlashes(path, 0));
    }

    private boolean matchFrom(int segmentIndex, String path, int position) {
        for (int s = segmentIndex; s < segments.length; s++) {
            String segment = segments[s];
            if (segment == ANY) {
                if (s == segments.length - 1) {
                    return true;
                }
                // try the rest of the pattern at every remaining segment boundary
                int at = position;
                while (true) {
                    if (matchFrom(s + 1, path, at)) {
                        return true;
                    }
                    if (at >= path.length()) {
                        return false;
                    }
                    at = skipSlashes(path, segmentEnd(path, at));
                }
            }
            if (position >= path.length()) {
                return false;
            }
            int end = segmentEnd(path, position);
            if (segment != ONE && !(end - position == segment.length()
                    && path.regionMatches(position, segment, 0, segment.length()))) {
                return false;
            }
            position = skipSlashes(path, end);
        }
        return position >= path.length();
    }

    private static int segmentEnd(String path, int position) {
        int slash = path.indexOf('/', position);
        return slash < 0 ? path.length() : slash;
    }

    private static int skipSlashes(String path, int position) {
        while (position < path.length() && path.charAt(position) == '/') {
            position++;
        }
        return position;
    }

    @Override
    public String toString() {
        return text;
    }
}
