package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the values of {@link Keys} are read and checked, with every message a single value can get
 * (combinations of keys are {@link CrossFieldRules}). Each reader returns the typed value, or null
 * after an error; a list keeps its valid items, so the combination checks still see them.
 */
final class Values {
    static final List<String> LOG_LEVELS = Collections.unmodifiableList(Arrays.asList("trace", "debug", "info",
            "warn", "error", "off"));
    /** Methods browsers send in upper case: another spelling of one of them never matches. */
    private static final List<String> COMMON_METHODS = Arrays.asList("GET", "HEAD", "POST", "PUT", "DELETE",
            "OPTIONS", "PATCH");

    private Values() {
    }

    /** Which reader below reads a key's value: a key names its kind, {@link #read} calls the reader. */
    enum Kind {
        MODE, LOG_LEVEL, LOG_FILE, PATHS, ORIGINS, METHODS, ALLOWED_HEADERS, EXPOSED_HEADERS, BOOL, MAX_AGE,
        PREFLIGHT_STATUS, TIMING_ORIGINS, PROTECTION
    }

    /** The value of {@code entry} read as {@code kind}: what that reader returns (null after an error). */
    static Object read(Kind kind, PropertiesParser.Entry entry, Problems problems) {
        switch (kind) {
            case MODE: return mode(entry, problems);
            case LOG_LEVEL: return logLevel(entry, problems);
            case LOG_FILE: return logFile(entry, problems);
            case PATHS: return paths(entry, problems);
            case ORIGINS: return origins(entry, problems);
            case METHODS: return methods(entry, problems);
            case ALLOWED_HEADERS: return allowedHeaderNames(entry, problems);
            case EXPOSED_HEADERS: return exposedHeaderNames(entry, problems);
            case BOOL: return bool(entry, problems);
            case MAX_AGE: return maxAge(entry, problems);
            case PREFLIGHT_STATUS: return preflightStatus(entry, problems);
            case TIMING_ORIGINS: return timingOrigins(entry, problems);
            case PROTECTION: return protection(entry, problems);
            default: throw new IllegalArgumentException("no reader for " + kind);
        }
    }

    // ---- agent-wide --------------------------------------------------------------------------

    static Mode mode(PropertiesParser.Entry entry, Problems problems) {
        Mode mode = Mode.fromConfigValue(entry.value.trim().toLowerCase(Locale.ROOT));
        if (mode == null) {
            problems.error(entry, "is not a mode; use enforce, report-only or off");
        }
        return mode;
    }

    /** {@code cross-origin-protection}: the words of {@code cors.mode}, off by default. */
    static Mode protection(PropertiesParser.Entry entry, Problems problems) {
        Mode mode = Mode.fromConfigValue(entry.value.trim().toLowerCase(Locale.ROOT));
        if (mode == null) {
            problems.error(entry, "must be off, report-only (log what would be refused) or enforce (refuse it)");
        }
        return mode;
    }

    static String logLevel(PropertiesParser.Entry entry, Problems problems) {
        String level = entry.value.trim().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            problems.error(entry, "is not a log level; use one of " + String.join(", ", LOG_LEVELS));
            return null;
        }
        return level;
    }

    static String logFile(PropertiesParser.Entry entry, Problems problems) {
        String file = entry.value.trim();
        if (file.isEmpty()) {
            problems.error(entry, "needs a file path; leave the key out to log to stderr");
            return null;
        }
        for (int i = 0; i < file.length(); i++) {
            if (file.charAt(i) < 0x20 || file.charAt(i) == 0x7f) {
                problems.error(entry, "contains a control character");
                return null;
            }
        }
        return file;
    }

    // ---- per policy --------------------------------------------------------------------------

    static List<String> paths(PropertiesParser.Entry entry, Problems problems) {
        List<String> paths = splitList(entry.value);
        if (paths.isEmpty()) {
            problems.error(entry, "needs at least one path pattern (e.g. /api/**)");
        }
        for (String path : paths) {
            String problem = PathPattern.check(path);
            if (problem != null) {
                problems.error(entry, "'" + path + "': " + problem);
            }
        }
        return paths;
    }

    /** The origins in normalized form, without duplicates. */
    static List<String> origins(PropertiesParser.Entry entry, Problems problems) {
        List<String> origins = new ArrayList<String>();
        for (String item : splitList(entry.value)) {
            OriginPattern.ParseResult parsed = OriginPattern.parse(item);
            if (parsed.error != null) {
                problems.error(entry, "'" + item + "' " + parsed.error);
                continue;
            }
            for (String warning : parsed.warnings) {
                problems.warn(entry, "'" + item + "' " + warning);
            }
            if (!origins.contains(parsed.pattern.text())) {
                origins.add(parsed.pattern.text());
            }
        }
        if (origins.contains("*") && origins.size() > 1) {
            problems.warn(entry, "'*' already allows every origin; the other entries have no effect");
        }
        return origins;
    }

    /**
     * {@code timing-allow-origin}: {@code *} or exact origins, normalized, without duplicates. Fetch's
     * TAO check compares the request origin's serialization with each item, so a pattern or
     * {@code null} can never be written as a value that works.
     */
    static List<String> timingOrigins(PropertiesParser.Entry entry, Problems problems) {
        List<String> origins = new ArrayList<String>();
        List<String> items = splitList(entry.value);
        if (items.isEmpty()) {
            problems.error(entry, "needs exact origins (https://app.example.com) or *; leave the key out to send"
                    + " no Timing-Allow-Origin");
        }
        for (String item : items) {
            OriginPattern.ParseResult parsed = OriginPattern.parse(item);
            if (parsed.error != null) {
                problems.error(entry, "'" + item + "' " + parsed.error);
                continue;
            }
            OriginPattern pattern = parsed.pattern;
            if (pattern.kind() == OriginPattern.Kind.NULL) {
                problems.error(entry, "'" + item + "': Timing-Allow-Origin takes exact origins or *; null would share"
                        + " timings with every sandboxed or file: page; list the origins instead");
                continue;
            }
            if (pattern.kind() == OriginPattern.Kind.ORIGIN && !pattern.isExact()) {
                problems.error(entry, "'" + item + "' is a pattern, but browsers compare Timing-Allow-Origin with the"
                        + " page's origin exactly; list each origin (https://app.example.com) or use *");
                continue;
            }
            for (String warning : parsed.warnings) {
                problems.warn(entry, "'" + item + "' " + warning);
            }
            if (!origins.contains(pattern.text())) {
                origins.add(pattern.text());
            }
        }
        if (origins.contains("*") && origins.size() > 1) {
            problems.warn(entry, "'*' already shares timings with every origin; the other entries have no effect");
            return new ArrayList<String>(Collections.singletonList("*"));
        }
        return origins;
    }

    static List<String> methods(PropertiesParser.Entry entry, Problems problems) {
        List<String> methods = splitList(entry.value);
        if (methods.isEmpty()) {
            problems.error(entry, "needs at least one method (e.g. GET, POST) or *");
        }
        for (String method : methods) {
            if (method.equals("*")) {
                continue;
            }
            if (!ConfigLoader.isToken(method)) {
                problems.error(entry, "'" + method + "' is not a method name");
                continue;
            }
            String upper = method.toUpperCase(Locale.ROOT);
            if (upper.equals("CONNECT") || upper.equals("TRACE") || upper.equals("TRACK")) {
                problems.error(entry, "'" + method + "' is never allowed cross-origin (CONNECT, TRACE and TRACK are"
                        + " forbidden methods)");
            } else if (!upper.equals(method) && COMMON_METHODS.contains(upper)) {
                problems.warn(entry, "'" + method + "': methods are case-sensitive and browsers send " + upper
                        + "; this entry never matches");
            }
        }
        return methods;
    }

    /**
     * The Fetch standard's forbidden request-header names (§2.2.2 "Headers"), lower case, besides the
     * {@code proxy-} and {@code sec-} prefixes: browsers set these themselves and never let a page
     * send them, so a preflight never asks for one. {@code Cookie2} was dropped from Fetch's list in
     * 2023 but older browsers still forbid it.
     */
    static final Set<String> FORBIDDEN_REQUEST_HEADERS = Collections.unmodifiableSet(new LinkedHashSet<String>(
            Arrays.asList("accept-charset", "accept-encoding", "access-control-request-headers",
                    "access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date",
                    "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer",
                    "transfer-encoding", "upgrade", "via")));

    /** {@code allowed-headers}: names a page may send (or {@code *}); forbidden and CORS names refused. */
    static List<String> allowedHeaderNames(PropertiesParser.Entry entry, Problems problems) {
        return headerNames(entry, problems, true);
    }

    /** {@code exposed-headers}: response names a page may read (or {@code *}); Set-Cookie and CORS names refused. */
    static List<String> exposedHeaderNames(PropertiesParser.Entry entry, Problems problems) {
        return headerNames(entry, problems, false);
    }

    /** Header names (or {@code *}) without case-insensitive duplicates; {@code request}: allowed-headers. */
    private static List<String> headerNames(PropertiesParser.Entry entry, Problems problems, boolean request) {
        List<String> names = new ArrayList<String>();
        for (String name : splitList(entry.value)) {
            if (name.equals("*")) {
                addIgnoringCase(names, name);
                continue;
            }
            String refusal = !ConfigLoader.isToken(name) ? "is not a header name"
                    : request ? requestHeaderRefusal(name) : exposedHeaderRefusal(name);
            if (refusal != null) {
                problems.error(entry, "'" + name + "' " + refusal);
            } else {
                addIgnoringCase(names, name);
            }
        }
        return names;
    }

    /** Why {@code name} cannot be in allowed-headers, or null. */
    private static String requestHeaderRefusal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("cookie") || lower.equals("cookie2")) {
            return "is a forbidden header name: browsers never let a page send it; cookies go with"
                    + " allow-credentials = true";
        }
        if (lower.equals("origin")) {
            return "is a forbidden header name: the browser sends Origin itself and never asks for it in a"
                    + " preflight; drop it (Tomcat's CorsFilter lists it by default, the agent needs no such entry)";
        }
        if (lower.startsWith("access-control-")) {
            return "is a CORS protocol header, never one a page sends: the browser adds Access-Control-Request-*"
                    + " to the preflight itself; drop it";
        }
        if (lower.startsWith("sec-") || lower.startsWith("proxy-")) {
            return "is a forbidden header name: browsers reserve the " + name.substring(0, name.indexOf('-') + 1)
                    + " prefix and never let a page send such a header; drop it";
        }
        if (FORBIDDEN_REQUEST_HEADERS.contains(lower)) {
            return "is a forbidden header name: the browser sets it itself and never lets a page send it, so a"
                    + " preflight never asks for it; drop it";
        }
        return null;
    }

    /** Why {@code name} cannot be in exposed-headers, or null. */
    private static String exposedHeaderRefusal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("set-cookie") || lower.equals("set-cookie2")) {
            return "is a forbidden header name: browsers never let a page read it";
        }
        if (lower.startsWith("access-control-")) {
            return "is a CORS protocol header: the agent writes these itself and a page never needs to read one;"
                    + " drop it";
        }
        return null;
    }

    private static void addIgnoringCase(List<String> names, String name) {
        for (String existing : names) {
            if (existing.equalsIgnoreCase(name)) {
                return;
            }
        }
        names.add(name);
    }

    static Boolean bool(PropertiesParser.Entry entry, Problems problems) {
        String value = entry.value.trim();
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        problems.error(entry, "must be true or false");
        return null;
    }

    static Integer maxAge(PropertiesParser.Entry entry, Problems problems) {
        int seconds = parseSmallInt(entry.value.trim());
        if (seconds < 0 || seconds > ConfigLoader.MAX_MAX_AGE) {
            problems.error(entry, "must be a number of seconds from 0 to " + ConfigLoader.MAX_MAX_AGE);
            return null;
        }
        if (seconds > ConfigLoader.CHROMIUM_MAX_AGE) {
            problems.warn(entry, "is above " + ConfigLoader.CHROMIUM_MAX_AGE
                    + " seconds, where Chromium caps the preflight cache");
        }
        return Integer.valueOf(seconds);
    }

    static Integer preflightStatus(PropertiesParser.Entry entry, Problems problems) {
        int status = parseSmallInt(entry.value.trim());
        if (status != 200 && status != 204) {
            problems.error(entry, "must be 200 or 204");
            return null;
        }
        return Integer.valueOf(status);
    }

    /** A decimal number of at most 9 digits, or -1. */
    private static int parseSmallInt(String value) {
        if (value.isEmpty() || value.length() > 9) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(value);
    }

    // ---- lists -------------------------------------------------------------------------------

    /** Comma-separated items, trimmed, empty items and exact duplicates left out. */
    static List<String> splitList(String value) {
        Set<String> items = new LinkedHashSet<String>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return new ArrayList<String>(items);
    }

}
