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

    // ---- agent-wide --------------------------------------------------------------------------

    static Mode mode(PropertiesParser.Entry entry, Problems problems) {
        Mode mode = Mode.fromConfigValue(entry.value.trim().toLowerCase(Locale.ROOT));
        if (mode == null) {
            problems.error(entry, "is not a mode; use enforce, report-only or off");
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
     * Header names (or {@code *}) without case-insensitive duplicates; {@code forbidden} and
     * {@code forbidden2} are refused, {@code why} says why.
     */
    static List<String> headerNames(PropertiesParser.Entry entry, Problems problems, String forbidden,
                                    String forbidden2, String why) {
        List<String> names = new ArrayList<String>();
        for (String name : splitList(entry.value)) {
            if (name.equals("*")) {
                addIgnoringCase(names, name);
                continue;
            }
            if (!ConfigLoader.isToken(name)) {
                problems.error(entry, "'" + name + "' is not a header name");
            } else if (name.equalsIgnoreCase(forbidden) || name.equalsIgnoreCase(forbidden2)) {
                problems.error(entry, "'" + name + "' is a forbidden header name: " + why);
            } else {
                addIgnoringCase(names, name);
            }
        }
        return names;
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
