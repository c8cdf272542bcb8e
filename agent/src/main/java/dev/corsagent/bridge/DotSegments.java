package dev.corsagent.bridge;

/** RFC 3986 §5.2.4 remove_dot_segments for a request path (see {@link CorsBridge#withoutDotSegments}). */
final class DotSegments {
    private DotSegments() {
    }

    static String removed(String path) {
        if (path == null || path.indexOf("/.") < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        String[] kept = new String[segments.length];
        int count = 0;
        boolean trailingSlash = false;
        for (int i = 1; i < segments.length; i++) { // segments[0] is what precedes the leading slash
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                trailingSlash = last;
            } else if (segment.equals("..")) {
                if (count > 0) count--;
                trailingSlash = last;
            } else {
                kept[count++] = segment;
                trailingSlash = false;
            }
        }
        StringBuilder out = new StringBuilder(path.length()).append(segments[0]);
        for (int i = 0; i < count; i++) {
            out.append('/').append(kept[i]);
        }
        if (trailingSlash || out.length() == segments[0].length()) {
            out.append('/');
        }
        return out.toString();
    }
}
