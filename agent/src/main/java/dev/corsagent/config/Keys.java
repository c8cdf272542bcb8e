package dev.corsagent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every key of the properties file (SPEC, "The properties file"), each declared once: name, default,
 * reload-log label, the {@link Values.Kind} that reads and checks it, and how the reload log shows
 * an absent value. A new key is one line here, listed in {@link #AGENT} or {@link #POLICY}, and its
 * typed accessor in {@link AgentConfig} or {@link PolicyConfig}; {@link ConfigLoader} reads it and
 * {@code reload.ConfigDiff} describes it from this table. Combinations of keys are checked in
 * {@link CrossFieldRules}.
 */
public final class Keys {
    /** Read by {@link ConfigLoader} itself: it names the policies rather than setting a value. */
    static final String POLICIES = "cors.policies";

    private static final List<String> NONE = Collections.<String>emptyList();
    private static final List<String> DEFAULT_METHODS = Collections.unmodifiableList(
            Arrays.asList("GET", "HEAD", "POST"));

    // ---- agent-wide -----------------------------------------------------------------------------
    // the last argument is what the reload log writes for a null value; a Mode it writes as spelled in the file

    public static final Setting.Agent<Mode> MODE = Setting.agent("cors.mode", Mode.ENFORCE, "mode",
            Values.Kind.MODE, "(none)");
    public static final Setting.Agent<String> LOG_LEVEL = Setting.agent("cors.log.level", "info", "log level",
            Values.Kind.LOG_LEVEL, null);
    /** Default null: log to stderr. */
    public static final Setting.Agent<String> LOG_FILE = Setting.agent("cors.log.file", null, "log file",
            Values.Kind.LOG_FILE, "stderr");

    // ---- per policy -----------------------------------------------------------------------------

    public static final Setting.Policy<List<String>> PATHS = Setting.policy("paths",
            Collections.singletonList("/**"), "paths", Values.Kind.PATHS);
    // origins change one at a time, and a long list would hide which: the reload log names each
    public static final Setting.Policy<List<String>> ALLOWED_ORIGINS = Setting.policyByItems("allowed-origins", NONE,
            "origins", Values.Kind.ORIGINS);
    public static final Setting.Policy<List<String>> ALLOWED_METHODS = Setting.policy("allowed-methods",
            DEFAULT_METHODS, "allowed-methods", Values.Kind.METHODS);
    public static final Setting.Policy<List<String>> ALLOWED_HEADERS = Setting.policy("allowed-headers", NONE,
            "allowed-headers", Values.Kind.ALLOWED_HEADERS);
    public static final Setting.Policy<List<String>> EXPOSED_HEADERS = Setting.policy("exposed-headers", NONE,
            "exposed-headers", Values.Kind.EXPOSED_HEADERS);
    public static final Setting.Policy<Boolean> ALLOW_CREDENTIALS = Setting.policy("allow-credentials",
            Boolean.FALSE, "allow-credentials", Values.Kind.BOOL);
    /** Default null: {@code Access-Control-Max-Age} is not sent. */
    public static final Setting.Policy<Integer> MAX_AGE = Setting.policy("max-age", null, "max-age",
            Values.Kind.MAX_AGE, "not sent");
    public static final Setting.Policy<Boolean> ALLOW_PRIVATE_NETWORK = Setting.policy("allow-private-network",
            Boolean.FALSE, "allow-private-network", Values.Kind.BOOL);
    public static final Setting.Policy<Integer> PREFLIGHT_STATUS = Setting.policy("preflight-status",
            Integer.valueOf(204), "preflight-status", Values.Kind.PREFLIGHT_STATUS);
    /** Default empty: {@code Timing-Allow-Origin} is not sent (SPEC rule 9). */
    public static final Setting.Policy<List<String>> TIMING_ALLOW_ORIGIN = Setting.policy("timing-allow-origin",
            NONE, "timing-allow-origin", Values.Kind.TIMING_ORIGINS, "not sent");
    /**
     * Default off. The same three words as {@code cors.mode}: {@code enforce} refuses cross-origin
     * state-changing requests and WebSocket handshakes from origins the policy does not allow
     * (SPEC rules 7 and 8), {@code report-only} logs what it would refuse.
     */
    public static final Setting.Policy<Mode> CROSS_ORIGIN_PROTECTION = Setting.policy("cross-origin-protection",
            Mode.OFF, "cross-origin-protection", Values.Kind.PROTECTION);

    // ---- the table ------------------------------------------------------------------------------
    // Order matters: of equally near keys "did you mean" names the first; the reload log describes
    // keys in this order (item-by-item ones first), and PolicyConfig.toString prints them so. A
    // key's place here is also its slot in the values of AgentConfig or PolicyConfig.

    /** The agent-wide keys; with {@link #POLICIES} they are every top-level key that is not a policy key. */
    public static final List<Setting.Agent<?>> AGENT = table(Arrays.<Setting.Agent<?>>asList(MODE, LOG_LEVEL,
            LOG_FILE));

    /** The keys a policy sets, after {@code cors.} (the defaults) or {@code cors.policy.<name>.}. */
    public static final List<Setting.Policy<?>> POLICY = table(Arrays.<Setting.Policy<?>>asList(PATHS,
            ALLOWED_ORIGINS, ALLOWED_METHODS, ALLOWED_HEADERS, EXPOSED_HEADERS, ALLOW_CREDENTIALS, MAX_AGE,
            ALLOW_PRIVATE_NETWORK, PREFLIGHT_STATUS, TIMING_ALLOW_ORIGIN, CROSS_ORIGIN_PROTECTION));

    private Keys() {
    }

    /** {@code keys}, each given its place as its slot, unmodifiable. */
    private static <S extends Setting<?>> List<S> table(List<S> keys) {
        for (int i = 0; i < keys.size(); i++) {
            keys.get(i).listedAt(i);
        }
        return Collections.unmodifiableList(keys);
    }

    /** The policy key called {@code name} ({@code max-age}), or null. */
    static Setting.Policy<?> policyKey(String name) {
        for (Setting.Policy<?> key : POLICY) {
            if (key.name.equals(name)) {
                return key;
            }
        }
        return null;
    }
}
