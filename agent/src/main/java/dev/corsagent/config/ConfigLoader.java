package dev.corsagent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a cors-agent properties file. Never throws: every problem, all at once,
 * is in the {@link LoadResult}, each naming file, line, key, value and reason.
 */
public final class ConfigLoader {
    static final String PREFIX = "cors.";
    static final String POLICY_PREFIX = "cors.policy.";
    static final String KEY_MODE = "cors.mode";
    static final String KEY_POLICIES = "cors.policies";
    static final String KEY_LOG_LEVEL = "cors.log.level";
    static final String KEY_LOG_FILE = "cors.log.file";

    static final String PATHS = "paths";
    static final String ALLOWED_ORIGINS = "allowed-origins";
    static final String ALLOWED_METHODS = "allowed-methods";
    static final String ALLOWED_HEADERS = "allowed-headers";
    static final String EXPOSED_HEADERS = "exposed-headers";
    static final String ALLOW_CREDENTIALS = "allow-credentials";
    static final String MAX_AGE = "max-age";
    static final String ALLOW_PRIVATE_NETWORK = "allow-private-network";
    static final String PREFLIGHT_STATUS = "preflight-status";

    /** Keys a policy can set (after {@code cors.} or {@code cors.policy.<name>.}). */
    static final List<String> POLICY_KEYS = Collections.unmodifiableList(Arrays.asList(PATHS, ALLOWED_ORIGINS,
            ALLOWED_METHODS, ALLOWED_HEADERS, EXPOSED_HEADERS, ALLOW_CREDENTIALS, MAX_AGE, ALLOW_PRIVATE_NETWORK,
            PREFLIGHT_STATUS));
    static final List<String> GLOBAL_KEYS = Collections.unmodifiableList(Arrays.asList(KEY_MODE, KEY_POLICIES,
            KEY_LOG_LEVEL, KEY_LOG_FILE));
    static final List<String> LOG_LEVELS = Collections.unmodifiableList(Arrays.asList("trace", "debug", "info",
            "warn", "error", "off"));

    /** The name a lone policy gets when there is no {@code cors.policies}. */
    public static final String DEFAULT_POLICY_NAME = "default";
    public static final int MAX_MAX_AGE = 86400;
    /** Chromium caps a preflight cache entry at this many seconds. */
    public static final int CHROMIUM_MAX_AGE = 7200;
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    /** Reads {@code file}; a missing or unreadable file is an error in the result. */
    public static LoadResult load(Path file) {
        String source = String.valueOf(file);
        if (file == null) {
            return failure(source, "no configuration file given");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return failure(source, "the file does not exist");
        } catch (IOException e) {
            return failure(source, "the file cannot be read: " + e);
        } catch (RuntimeException e) {
            return failure(source, "the file cannot be read: " + e);
        } catch (OutOfMemoryError e) {
            return failure(source, "the file is too large to be a cors-agent configuration");
        }
        return parse(bytes, source);
    }

    /**
     * Validates the bytes of a properties file, decoded as {@link #load} does: UTF-8, or ISO-8859-1
     * (the classic properties encoding) when they are not UTF-8; a byte order mark is skipped; more
     * than 1 MiB is refused. For callers that read the file themselves (the reload watcher compares
     * bytes). {@code sourceName} names the file in every problem; null content is an empty file.
     */
    public static LoadResult parse(byte[] content, String sourceName) {
        byte[] bytes = content == null ? new byte[0] : content;
        if (bytes.length > MAX_FILE_BYTES) {
            return failure(sourceName, "the file is larger than 1 MiB; that is not a cors-agent configuration");
        }
        return parse(decode(bytes), sourceName);
    }

    /** UTF-8, or ISO-8859-1 (the classic properties encoding) when the bytes are not UTF-8. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static LoadResult failure(String source, String message) {
        List<ConfigProblem> problems = new ArrayList<ConfigProblem>();
        problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, source, 0, null, null, message));
        return new LoadResult(null, problems);
    }

    /**
     * Validates the text of a properties file (a leading byte order mark is skipped);
     * {@code sourceName} names it in every problem.
     */
    public static LoadResult parse(String text, String sourceName) {
        try {
            return new Loading(sourceName).run(text == null ? "" : text);
        } catch (RuntimeException e) {
            // a bug in the checks must not become an exception in the app
            return failure(sourceName, "internal error while validating: " + e);
        }
    }

    /** One load: the entries, the problems found so far, and the values already read. */
    private static final class Loading {
        private final String source;
        private final List<ConfigProblem> problems = new ArrayList<ConfigProblem>();
        private final Map<String, PropertiesParser.Entry> entries = new LinkedHashMap<String, PropertiesParser.Entry>();
        /** Each entry is read and checked once, even when several policies inherit it. */
        private final Map<PropertiesParser.Entry, Object> readValues = new IdentityHashMap<PropertiesParser.Entry, Object>();
        /** Entries with at least one error: their policy is not built, but its other checks still run. */
        private final Set<PropertiesParser.Entry> failedEntries = Collections.newSetFromMap(
                new IdentityHashMap<PropertiesParser.Entry, Boolean>());

        Loading(String source) {
            this.source = source;
        }

        LoadResult run(String text) {
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            PropertiesParser parsed = PropertiesParser.parse(text);
            for (PropertiesParser.SyntaxError error : parsed.errors) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, source, error.line, null, null,
                        error.message));
            }
            for (PropertiesParser.Entry entry : parsed.entries) {
                PropertiesParser.Entry earlier = entries.remove(entry.key);
                if (earlier != null) {
                    warn(entry, "is set twice (also on line " + earlier.line + "); this later value is used");
                }
                entries.put(entry.key, entry);
            }

            List<String> policyNames = readPolicyNames();
            checkKeys(policyNames);
            Mode mode = readMode();
            String logLevel = readLogLevel();
            String logFile = readLogFile();

            // check every policy entry in file order, also defaults that every policy overrides
            for (PropertiesParser.Entry entry : entries.values()) {
                String policyKey = policyKeyOf(entry.key, policyNames);
                if (policyKey != null) {
                    read(policyKey, entry);
                }
            }

            List<PolicyConfig> policies = new ArrayList<PolicyConfig>();
            boolean explicitPolicies = entries.containsKey(KEY_POLICIES);
            if (policyNames != null) {
                for (String name : policyNames) {
                    PolicyConfig policy = buildPolicy(name, explicitPolicies);
                    if (policy != null) {
                        policies.add(policy);
                    }
                }
                warnUnreachable(policies);
            }
            // in file order (stable, so problems of one line keep their order); whole-file ones last
            List<ConfigProblem> ordered = new ArrayList<ConfigProblem>(problems);
            Collections.sort(ordered, new java.util.Comparator<ConfigProblem>() {
                @Override
                public int compare(ConfigProblem a, ConfigProblem b) {
                    int lineA = a.line() == 0 ? Integer.MAX_VALUE : a.line();
                    int lineB = b.line() == 0 ? Integer.MAX_VALUE : b.line();
                    return lineA < lineB ? -1 : lineA == lineB ? 0 : 1;
                }
            });
            List<ConfigProblem> unique = new ArrayList<ConfigProblem>();
            Set<String> seen = new LinkedHashSet<String>();
            for (ConfigProblem problem : ordered) {
                if (seen.add(problem.severity() + problem.toString())) {
                    unique.add(problem);
                }
            }
            AgentConfig config = new AgentConfig(mode == null ? Mode.ENFORCE : mode,
                    logLevel == null ? "info" : logLevel, logFile, policies);
            return new LoadResult(config, unique);
        }

        // ---- keys ------------------------------------------------------------------------------

        /** The ordered policy names, or null when {@code cors.policies} is invalid. */
        private List<String> readPolicyNames() {
            PropertiesParser.Entry entry = entries.get(KEY_POLICIES);
            if (entry == null) {
                return Collections.singletonList(DEFAULT_POLICY_NAME);
            }
            List<String> names = new ArrayList<String>();
            for (String item : entry.value.split(",")) {
                if (!item.trim().isEmpty()) {
                    names.add(item.trim()); // duplicates kept: they are an error here
                }
            }
            if (names.isEmpty()) {
                error(entry, "lists no policy name; list the names in order (cors.policies = api, admin)"
                        + " or leave the key out for one policy from the top-level keys");
                return null;
            }
            Set<String> unique = new LinkedHashSet<String>();
            boolean ok = true;
            for (String name : names) {
                if (!isPolicyName(name)) {
                    error(entry, "'" + name + "' is not a valid policy name (letters, digits, '-' and '_')");
                    ok = false;
                } else if (!unique.add(name)) {
                    error(entry, "lists the policy '" + name + "' twice");
                    ok = false;
                }
            }
            return ok ? new ArrayList<String>(unique) : null;
        }

        private boolean isPolicyName(String name) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_')) {
                    return false;
                }
            }
            return !name.isEmpty();
        }

        /** Refuses unknown keys, naming the nearest known one. */
        private void checkKeys(List<String> policyNames) {
            boolean explicitPolicies = entries.containsKey(KEY_POLICIES);
            List<String> known = new ArrayList<String>(GLOBAL_KEYS);
            for (String key : POLICY_KEYS) {
                known.add(PREFIX + key);
            }
            if (explicitPolicies && policyNames != null) {
                for (String name : policyNames) {
                    for (String key : POLICY_KEYS) {
                        known.add(POLICY_PREFIX + name + "." + key);
                    }
                }
            }
            for (PropertiesParser.Entry entry : entries.values()) {
                String key = entry.key;
                if (known.contains(key)) {
                    continue;
                }
                if (key.startsWith(POLICY_PREFIX)) {
                    String rest = key.substring(POLICY_PREFIX.length());
                    int dot = rest.indexOf('.');
                    String name = dot < 0 ? rest : rest.substring(0, dot);
                    String policyKey = dot < 0 ? "" : rest.substring(dot + 1);
                    if (!explicitPolicies) {
                        error(entry, "is a policy key but there is no cors.policies; list the policy there"
                                + " (cors.policies = " + name + ")");
                        continue;
                    }
                    if (policyNames == null && POLICY_KEYS.contains(policyKey)) {
                        continue; // cors.policies itself is wrong; that error says it all
                    }
                    if (policyNames != null && !policyNames.contains(name) && POLICY_KEYS.contains(policyKey)) {
                        error(entry, "sets policy '" + name + "', which cors.policies does not list (it lists "
                                + join(policyNames) + "); did you mean " + nearest(key, known) + "?");
                        continue;
                    }
                }
                error(entry, "is not a known key; did you mean " + nearest(key, known) + "?");
            }
        }

        private String nearest(String key, List<String> known) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            String lower = key.toLowerCase(Locale.ROOT);
            for (String candidate : known) {
                int distance = editDistance(lower, candidate);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }

        /** The policy key an entry sets ({@code max-age} for {@code cors.policy.api.max-age}), or null. */
        private String policyKeyOf(String key, List<String> policyNames) {
            if (key.startsWith(PREFIX) && POLICY_KEYS.contains(key.substring(PREFIX.length()))) {
                return key.substring(PREFIX.length());
            }
            if (key.startsWith(POLICY_PREFIX) && policyNames != null && entries.containsKey(KEY_POLICIES)) {
                String rest = key.substring(POLICY_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && policyNames.contains(rest.substring(0, dot))
                        && POLICY_KEYS.contains(rest.substring(dot + 1))) {
                    return rest.substring(dot + 1);
                }
            }
            return null;
        }

        // ---- agent-wide settings --------------------------------------------------------------

        private Mode readMode() {
            PropertiesParser.Entry entry = entries.get(KEY_MODE);
            if (entry == null) {
                return Mode.ENFORCE;
            }
            Mode mode = Mode.fromConfigValue(entry.value.trim().toLowerCase(Locale.ROOT));
            if (mode == null) {
                error(entry, "is not a mode; use enforce, report-only or off");
            }
            return mode;
        }

        private String readLogLevel() {
            PropertiesParser.Entry entry = entries.get(KEY_LOG_LEVEL);
            if (entry == null) {
                return "info";
            }
            String level = entry.value.trim().toLowerCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                error(entry, "is not a log level; use one of " + join(LOG_LEVELS));
                return null;
            }
            return level;
        }

        private String readLogFile() {
            PropertiesParser.Entry entry = entries.get(KEY_LOG_FILE);
            if (entry == null) {
                return null;
            }
            String file = entry.value.trim();
            if (file.isEmpty()) {
                error(entry, "needs a file path; leave the key out to log to stderr");
                return null;
            }
            for (int i = 0; i < file.length(); i++) {
                if (file.charAt(i) < 0x20 || file.charAt(i) == 0x7f) {
                    error(entry, "contains a control character");
                    return null;
                }
            }
            return file;
        }

        // ---- policies -------------------------------------------------------------------------

        /** The entry that sets {@code key} for policy {@code name}: its own, else the top-level default. */
        private PropertiesParser.Entry entryFor(String name, String key, boolean explicitPolicies) {
            if (explicitPolicies) {
                PropertiesParser.Entry own = entries.get(POLICY_PREFIX + name + "." + key);
                if (own != null) {
                    return own;
                }
            }
            return entries.get(PREFIX + key);
        }

        @SuppressWarnings("unchecked")
        private PolicyConfig buildPolicy(String name, boolean explicitPolicies) {
            Map<String, PropertiesParser.Entry> source = new HashMap<String, PropertiesParser.Entry>();
            Map<String, Object> values = new HashMap<String, Object>();
            boolean ok = true;
            for (String key : POLICY_KEYS) {
                PropertiesParser.Entry entry = entryFor(name, key, explicitPolicies);
                source.put(key, entry);
                Object value = entry == null ? defaultValue(key) : read(key, entry);
                if (entry != null && failedEntries.contains(entry)) {
                    ok = false;
                }
                values.put(key, value);
            }
            // lists keep their valid items after an error, so the combination checks below still
            // report everything at once
            List<String> origins = (List<String>) values.get(ALLOWED_ORIGINS);
            List<String> exposed = (List<String>) values.get(EXPOSED_HEADERS);
            boolean credentials = Boolean.TRUE.equals(values.get(ALLOW_CREDENTIALS));
            String where = explicitPolicies ? "policy '" + name + "': " : "";
            if (credentials) {
                PropertiesParser.Entry credentialsEntry = source.get(ALLOW_CREDENTIALS);
                String because = "cannot be combined with allow-credentials = true ("
                        + credentialsEntry.key + ", line " + credentialsEntry.line + ")";
                if (origins.contains("*")) {
                    error(source.get(ALLOWED_ORIGINS), prefixIfMixed(where, source.get(ALLOWED_ORIGINS),
                            credentialsEntry) + "'*' " + because + ": browsers refuse a credentialed answer with"
                            + " Access-Control-Allow-Origin: *; list the origins instead");
                    ok = false;
                }
                if (exposed.contains("*")) {
                    error(source.get(EXPOSED_HEADERS), prefixIfMixed(where, source.get(EXPOSED_HEADERS),
                            credentialsEntry) + "'*' " + because + ": with credentials browsers read '*' as a"
                            + " header literally named '*'; list the header names instead");
                    ok = false;
                }
                for (String origin : origins) {
                    if (origin.startsWith("http://")) {
                        warn(source.get(ALLOWED_ORIGINS), prefixIfMixed(where, source.get(ALLOWED_ORIGINS),
                                credentialsEntry) + origin + " is allowed with credentials over plain http, where"
                                + " anyone on the network can read or change the page");
                    }
                }
            }
            if (origins.isEmpty() && ok) {
                PropertiesParser.Entry originsEntry = source.get(ALLOWED_ORIGINS);
                String message = (explicitPolicies ? "policy '" + name + "'" : "the policy")
                        + " allows no origin: its paths only get Vary: Origin (set cors."
                        + (explicitPolicies ? "policy." + name + "." : "") + "allowed-origins)";
                if (originsEntry == null) {
                    problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, this.source, 0, null, null,
                            message));
                } else {
                    warn(originsEntry, message);
                }
            }
            if (!ok) {
                return null;
            }
            return new PolicyConfig(name, (List<String>) values.get(PATHS), origins,
                    (List<String>) values.get(ALLOWED_METHODS), (List<String>) values.get(ALLOWED_HEADERS), exposed,
                    credentials, (Integer) values.get(MAX_AGE), (Boolean) values.get(ALLOW_PRIVATE_NETWORK),
                    (Integer) values.get(PREFLIGHT_STATUS));
        }

        /**
         * A combination problem between two top-level entries is the same for every policy, so it
         * is worded without the policy name (and then reported once); otherwise the name says which.
         */
        private String prefixIfMixed(String where, PropertiesParser.Entry first, PropertiesParser.Entry second) {
            boolean bothTopLevel = first != null && second != null && !first.key.startsWith(POLICY_PREFIX)
                    && !second.key.startsWith(POLICY_PREFIX);
            return bothTopLevel ? "" : where;
        }

        private void warnUnreachable(List<PolicyConfig> policies) {
            for (int i = 0; i < policies.size(); i++) {
                for (String path : policies.get(i).paths()) {
                    if (PathPattern.compile(path).matchesEverything() && i < policies.size() - 1) {
                        for (int later = i + 1; later < policies.size(); later++) {
                            problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, source, 0, null, null,
                                    "policy '" + policies.get(later).name() + "' is never used: the earlier policy '"
                                            + policies.get(i).name() + "' covers every path (" + path + ")"));
                        }
                        return;
                    }
                }
            }
        }

        private Object defaultValue(String key) {
            if (key.equals(PATHS)) {
                return Collections.singletonList("/**");
            }
            if (key.equals(ALLOWED_METHODS)) {
                return Arrays.asList("GET", "HEAD", "POST");
            }
            if (key.equals(ALLOWED_ORIGINS) || key.equals(ALLOWED_HEADERS) || key.equals(EXPOSED_HEADERS)) {
                return Collections.<String>emptyList();
            }
            if (key.equals(ALLOW_CREDENTIALS) || key.equals(ALLOW_PRIVATE_NETWORK)) {
                return Boolean.FALSE;
            }
            if (key.equals(MAX_AGE)) {
                return null;
            }
            if (key.equals(PREFLIGHT_STATUS)) {
                return Integer.valueOf(204);
            }
            throw new IllegalArgumentException(key);
        }

        /**
         * The typed value of a policy entry, checked once. After an error the entry is in
         * {@link #failedEntries}; a list keeps its valid items, a single value is null.
         */
        private Object read(String key, PropertiesParser.Entry entry) {
            if (readValues.containsKey(entry)) {
                return readValues.get(entry);
            }
            int before = errorCount();
            Object value;
            if (key.equals(PATHS)) {
                value = readPaths(entry);
            } else if (key.equals(ALLOWED_ORIGINS)) {
                value = readOrigins(entry);
            } else if (key.equals(ALLOWED_METHODS)) {
                value = readMethods(entry);
            } else if (key.equals(ALLOWED_HEADERS)) {
                value = readHeaderNames(entry, "Cookie", "Cookie2", "browsers never let a page send it; cookies go"
                        + " with allow-credentials = true");
            } else if (key.equals(EXPOSED_HEADERS)) {
                value = readHeaderNames(entry, "Set-Cookie", "Set-Cookie2", "browsers never let a page read it");
            } else if (key.equals(ALLOW_CREDENTIALS) || key.equals(ALLOW_PRIVATE_NETWORK)) {
                value = readBoolean(entry);
            } else if (key.equals(MAX_AGE)) {
                value = readMaxAge(entry);
            } else {
                value = readPreflightStatus(entry);
            }
            if (errorCount() > before) {
                failedEntries.add(entry);
            }
            readValues.put(entry, value);
            return value;
        }

        private int errorCount() {
            int count = 0;
            for (ConfigProblem problem : problems) {
                if (problem.isError()) {
                    count++;
                }
            }
            return count;
        }

        private List<String> readPaths(PropertiesParser.Entry entry) {
            List<String> paths = splitList(entry.value);
            if (paths.isEmpty()) {
                error(entry, "needs at least one path pattern (e.g. /api/**)");
            }
            for (String path : paths) {
                String problem = PathPattern.check(path);
                if (problem != null) {
                    error(entry, "'" + path + "': " + problem);
                }
            }
            return paths;
        }

        private List<String> readOrigins(PropertiesParser.Entry entry) {
            List<String> origins = new ArrayList<String>();
            for (String item : splitList(entry.value)) {
                OriginPattern.ParseResult parsed = OriginPattern.parse(item);
                if (parsed.error != null) {
                    error(entry, "'" + item + "' " + parsed.error);
                    continue;
                }
                for (String warning : parsed.warnings) {
                    warn(entry, "'" + item + "' " + warning);
                }
                if (!origins.contains(parsed.pattern.text())) {
                    origins.add(parsed.pattern.text());
                }
            }
            if (origins.contains("*") && origins.size() > 1) {
                warn(entry, "'*' already allows every origin; the other entries have no effect");
            }
            return origins;
        }

        private List<String> readMethods(PropertiesParser.Entry entry) {
            List<String> methods = splitList(entry.value);
            if (methods.isEmpty()) {
                error(entry, "needs at least one method (e.g. GET, POST) or *");
            }
            for (String method : methods) {
                if (method.equals("*")) {
                    continue;
                }
                if (!isToken(method)) {
                    error(entry, "'" + method + "' is not a method name");
                    continue;
                }
                String upper = method.toUpperCase(Locale.ROOT);
                if (upper.equals("CONNECT") || upper.equals("TRACE") || upper.equals("TRACK")) {
                    error(entry, "'" + method + "' is never allowed cross-origin (CONNECT, TRACE and TRACK are"
                            + " forbidden methods)");
                } else if (!upper.equals(method) && Arrays.asList("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                        "PATCH").contains(upper)) {
                    warn(entry, "'" + method + "': methods are case-sensitive and browsers send " + upper
                            + "; this entry never matches");
                }
            }
            return methods;
        }

        private List<String> readHeaderNames(PropertiesParser.Entry entry, String forbidden, String forbidden2,
                                             String why) {
            List<String> names = new ArrayList<String>();
            for (String name : splitList(entry.value)) {
                if (name.equals("*")) {
                    addIgnoringCase(names, name);
                    continue;
                }
                if (!isToken(name)) {
                    error(entry, "'" + name + "' is not a header name");
                } else if (name.equalsIgnoreCase(forbidden) || name.equalsIgnoreCase(forbidden2)) {
                    error(entry, "'" + name + "' is a forbidden header name: " + why);
                } else {
                    addIgnoringCase(names, name);
                }
            }
            return names;
        }

        private void addIgnoringCase(List<String> names, String name) {
            for (String existing : names) {
                if (existing.equalsIgnoreCase(name)) {
                    return;
                }
            }
            names.add(name);
        }

        private Boolean readBoolean(PropertiesParser.Entry entry) {
            String value = entry.value.trim();
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            error(entry, "must be true or false");
            return null;
        }

        private Integer readMaxAge(PropertiesParser.Entry entry) {
            String value = entry.value.trim();
            int seconds = parseSmallInt(value);
            if (seconds < 0 || seconds > MAX_MAX_AGE) {
                error(entry, "must be a number of seconds from 0 to " + MAX_MAX_AGE);
                return null;
            }
            if (seconds > CHROMIUM_MAX_AGE) {
                warn(entry, "is above " + CHROMIUM_MAX_AGE + " seconds, where Chromium caps the preflight cache");
            }
            return Integer.valueOf(seconds);
        }

        private Integer readPreflightStatus(PropertiesParser.Entry entry) {
            int status = parseSmallInt(entry.value.trim());
            if (status != 200 && status != 204) {
                error(entry, "must be 200 or 204");
                return null;
            }
            return Integer.valueOf(status);
        }

        /** A decimal number of at most 9 digits, or -1. */
        private int parseSmallInt(String value) {
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

        private void error(PropertiesParser.Entry entry, String message) {
            problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, source, entry.line, entry.key,
                    entry.value, message));
        }

        private void warn(PropertiesParser.Entry entry, String message) {
            problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, source, entry.line, entry.key,
                    entry.value, message));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

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

    /** An RFC 9110 token (method and header names). */
    public static boolean isToken(String text) {
        return isToken(text, 0, text.length());
    }

    /** {@link #isToken(String)} on {@code text[start, end)}, in place (the request path parses header lists so). */
    public static boolean isToken(String text, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String join(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(item);
        }
        return out.toString();
    }

    /** Levenshtein distance, for naming the nearest known key. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
