package dev.corsagent.engine;

/** The one request header whose value decides whether a POST is simple: Fetch §2.2.2, Content-Type. */
final class SafelistedContentType {
    private SafelistedContentType() {
    }

    /**
     * Fetch §2.2.2 "Headers" (CORS-safelisted request-header), as Tomcat's CorsFilter reads it: no
     * Content-Type at all counts as simple (Tomcat's media type parser returns null, which it treats
     * as simple); otherwise the media type before any {@code ;} parameters, trimmed and lower-cased,
     * must be one of the three a form can send. An empty value is not one of them. Compared in
     * place, nothing allocated.
     */
    static boolean isSafelisted(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        int end = semicolon < 0 ? contentType.length() : semicolon;
        int start = 0;
        while (start < end && contentType.charAt(start) <= ' ') { // as String.trim()
            start++;
        }
        while (end > start && contentType.charAt(end - 1) <= ' ') {
            end--;
        }
        return equalsLowerAscii(contentType, start, end, "application/x-www-form-urlencoded")
                || equalsLowerAscii(contentType, start, end, "multipart/form-data")
                || equalsLowerAscii(contentType, start, end, "text/plain");
    }

    /**
     * Whether {@code text[start, end)} lower-cased equals {@code lower} (lower-case ASCII without
     * 'k'). No other character lower-cases (Locale.ENGLISH) to one ASCII letter but the Kelvin sign,
     * to 'k', which none of the media types holds; so an ASCII comparison is exact.
     */
    private static boolean equalsLowerAscii(String text, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = text.charAt(start + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
