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
import java.util.Collections;
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
 * The keys themselves (default, reading, checking) are {@link Keys}; this class decides which
 * entry sets which key of which policy, and {@link CrossFieldRules} checks their combinations.
 */
public final class ConfigLoader {
    static final String PREFIX = "cors.";
    static final String POLICY_PREFIX = "cors.policy.";
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
        private final Problems problems;
        private final Map<String, PropertiesParser.Entry> entries = new LinkedHashMap<String, PropertiesParser.Entry>();
        /** Each entry is read and checked once, even when several policies inherit it. */
        private final Map<PropertiesParser.Entry, Object> readValues = new IdentityHashMap<PropertiesParser.Entry, Object>();
        /** Entries with at least one error: their policy is not built, but its other checks still run. */
        private final Set<PropertiesParser.Entry> failedEntries = Collections.newSetFromMap(
                new IdentityHashMap<PropertiesParser.Entry, Boolean>());

        Loading(String source) {
            this.problems = new Problems(source);
        }

        LoadResult run(String text) {
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            PropertiesParser parsed = PropertiesParser.parse(text);
            for (PropertiesParser.SyntaxError error : parsed.errors) {
                problems.syntaxError(error.line, error.message);
            }
            for (PropertiesParser.Entry entry : parsed.entries) {
                PropertiesParser.Entry earlier = entries.remove(entry.key);
                if (earlier != null) {
                    problems.warn(entry, "is set twice (also on line " + earlier.line + "); this later value is used");
                }
                entries.put(entry.key, entry);
            }

            List<String> policyNames = readPolicyNames();
            checkKeys(policyNames);
            Object[] agentValues = new Object[Keys.AGENT.size()];
            for (Setting.Agent<?> key : Keys.AGENT) {
                fill(agentValues, key, entries.get(key.name)); // after an error the config is not used
            }

            // check every policy entry in file order, also defaults that every policy overrides
            for (PropertiesParser.Entry entry : entries.values()) {
                Setting.Policy<?> key = policyKeyOf(entry.key, policyNames);
                if (key != null) {
                    read(key, entry);
                }
            }

            List<PolicyConfig> policies = new ArrayList<PolicyConfig>();
            boolean explicitPolicies = entries.containsKey(Keys.POLICIES);
            if (policyNames != null) {
                for (String name : policyNames) {
                    PolicyConfig policy = buildPolicy(name, explicitPolicies);
                    if (policy != null) {
                        policies.add(policy);
                    }
                }
                CrossFieldRules.warnUnreachable(policies, problems);
            }
            return new LoadResult(new AgentConfig(agentValues, policies), problems.inFileOrder());
        }

        // ---- keys ------------------------------------------------------------------------------

        /** The ordered policy names, or null when {@code cors.policies} is invalid. */
        private List<String> readPolicyNames() {
            PropertiesParser.Entry entry = entries.get(Keys.POLICIES);
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
                problems.error(entry, "lists no policy name; list the names in order (cors.policies = api, admin)"
                        + " or leave the key out for one policy from the top-level keys");
                return null;
            }
            Set<String> unique = new LinkedHashSet<String>();
            boolean ok = true;
            for (String name : names) {
                if (!isPolicyName(name)) {
                    problems.error(entry, "'" + name + "' is not a valid policy name (letters, digits, '-' and '_')");
                    ok = false;
                } else if (!unique.add(name)) {
                    problems.error(entry, "lists the policy '" + name + "' twice");
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
            boolean explicitPolicies = entries.containsKey(Keys.POLICIES);
            // cors.policies second: of equally near keys the suggestion names the first
            List<String> known = new ArrayList<String>();
            for (Setting.Agent<?> key : Keys.AGENT) {
                known.add(key.name);
            }
            known.add(1, Keys.POLICIES);
            for (Setting.Policy<?> key : Keys.POLICY) {
                known.add(PREFIX + key.name);
            }
            if (explicitPolicies && policyNames != null) {
                for (String name : policyNames) {
                    for (Setting.Policy<?> key : Keys.POLICY) {
                        known.add(POLICY_PREFIX + name + "." + key.name);
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
                    boolean policyKey = dot >= 0 && Keys.policyKey(rest.substring(dot + 1)) != null;
                    if (!explicitPolicies) {
                        problems.error(entry, "is a policy key but there is no cors.policies; list the policy there"
                                + " (cors.policies = " + name + ")");
                        continue;
                    }
                    if (policyNames == null && policyKey) {
                        continue; // cors.policies itself is wrong; that error says it all
                    }
                    if (policyNames != null && !policyNames.contains(name) && policyKey) {
                        problems.error(entry, "sets policy '" + name + "', which cors.policies does not list (it"
                                + " lists " + String.join(", ", policyNames) + "); did you mean " + nearest(key, known) + "?");
                        continue;
                    }
                }
                problems.error(entry, "is not a known key; did you mean " + nearest(key, known) + "?");
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
        private Setting.Policy<?> policyKeyOf(String key, List<String> policyNames) {
            if (key.startsWith(PREFIX) && Keys.policyKey(key.substring(PREFIX.length())) != null) {
                return Keys.policyKey(key.substring(PREFIX.length()));
            }
            if (key.startsWith(POLICY_PREFIX) && policyNames != null && entries.containsKey(Keys.POLICIES)) {
                String rest = key.substring(POLICY_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && policyNames.contains(rest.substring(0, dot))) {
                    return Keys.policyKey(rest.substring(dot + 1));
                }
            }
            return null;
        }

        // ---- values ----------------------------------------------------------------------------

        /** The entry that sets {@code key} for policy {@code name}: its own, else the top-level default. */
        private PropertiesParser.Entry entryFor(String name, Setting.Policy<?> key, boolean explicitPolicies) {
            if (explicitPolicies) {
                PropertiesParser.Entry own = entries.get(POLICY_PREFIX + name + "." + key.name);
                if (own != null) {
                    return own;
                }
            }
            return entries.get(PREFIX + key.name);
        }

        private PolicyConfig buildPolicy(String name, boolean explicitPolicies) {
            Object[] values = new Object[Keys.POLICY.size()];
            Map<Setting.Policy<?>, PropertiesParser.Entry> source =
                    new IdentityHashMap<Setting.Policy<?>, PropertiesParser.Entry>();
            boolean ok = true;
            for (Setting.Policy<?> key : Keys.POLICY) {
                PropertiesParser.Entry entry = entryFor(name, key, explicitPolicies);
                source.put(key, entry);
                ok &= fill(values, key, entry);
            }
            PolicyConfig policy = new PolicyConfig(name, values);
            ok = CrossFieldRules.checkPolicy(policy, source, explicitPolicies, ok, problems);
            return ok ? policy : null;
        }

        /** Sets {@code key} from {@code entry} (null: the default); false when the entry has an error. */
        private boolean fill(Object[] values, Setting<?> key, PropertiesParser.Entry entry) {
            Object value = entry == null ? null : read(key, entry);
            // after an error the default stands in, so the combination checks still run on the rest
            key.set(values, value == null ? key.defaultValue : value);
            return entry == null || !failedEntries.contains(entry);
        }

        /** The value of {@code entry}, read and checked once; after an error the entry is in {@link #failedEntries}. */
        private Object read(Setting<?> key, PropertiesParser.Entry entry) {
            if (readValues.containsKey(entry)) {
                return readValues.get(entry);
            }
            int before = problems.errorCount();
            Object value = Values.read(key.kind, entry, problems);
            if (problems.errorCount() > before) {
                failedEntries.add(entry);
            }
            readValues.put(entry, value);
            return value;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

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
