package dev.corsagent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every key of the properties file (SPEC, "The properties file"), each declared once. A new key is
 * an entry here, listed in {@link #AGENT} or {@link #POLICY}, and a field in {@link AgentConfig}
 * or {@link PolicyConfig}; {@link ConfigLoader} reads it and {@code reload.ConfigDiff} describes it
 * from this table. Combinations of keys are checked in {@link CrossFieldRules}.
 */
public final class Keys {
    /** Read by {@link ConfigLoader} itself: it names the policies rather than setting a value. */
    static final String POLICIES = "cors.policies";

    // ---- agent-wide -----------------------------------------------------------------------------

    public static final Setting.Agent<Mode> MODE = new Setting.Agent<Mode>("cors.mode", Mode.ENFORCE, "mode") {
        @Override
        Mode read(PropertiesParser.Entry entry, Problems problems) {
            return Values.mode(entry, problems);
        }

        @Override
        void set(AgentConfig.Builder config, Mode value) {
            config.mode = value;
        }

        @Override
        public Object shown(AgentConfig config) {
            return config.mode() == null ? "(none)" : config.mode().configValue(); // as written in the file
        }
    };

    public static final Setting.Agent<String> LOG_LEVEL = new Setting.Agent<String>("cors.log.level", "info",
            "log level") {
        @Override
        String read(PropertiesParser.Entry entry, Problems problems) {
            return Values.logLevel(entry, problems);
        }

        @Override
        void set(AgentConfig.Builder config, String value) {
            config.logLevel = value;
        }

        @Override
        public Object shown(AgentConfig config) {
            return config.logLevel();
        }
    };

    /** Default null: log to stderr. */
    public static final Setting.Agent<String> LOG_FILE = new Setting.Agent<String>("cors.log.file", null,
            "log file") {
        @Override
        String read(PropertiesParser.Entry entry, Problems problems) {
            return Values.logFile(entry, problems);
        }

        @Override
        void set(AgentConfig.Builder config, String value) {
            config.logFile = value;
        }

        @Override
        public Object shown(AgentConfig config) {
            return config.logFile() == null ? "stderr" : config.logFile();
        }
    };

    // ---- per policy -----------------------------------------------------------------------------

    public static final Setting.Policy<List<String>> PATHS = new Setting.Policy<List<String>>("paths",
            Collections.singletonList("/**"), "paths") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.paths(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.paths = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.paths();
        }
    };

    public static final Setting.Policy<List<String>> ALLOWED_ORIGINS = new Setting.Policy<List<String>>(
            "allowed-origins", Collections.<String>emptyList(), "origins") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.origins(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.allowedOrigins = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.allowedOrigins();
        }

        @Override
        public boolean diffByItems() {
            return true; // origins change one at a time, and a long list would hide which
        }
    };

    public static final Setting.Policy<List<String>> ALLOWED_METHODS = new Setting.Policy<List<String>>(
            "allowed-methods", Collections.unmodifiableList(Arrays.asList("GET", "HEAD", "POST")), "allowed-methods") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.methods(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.allowedMethods = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.allowedMethods();
        }
    };

    public static final Setting.Policy<List<String>> ALLOWED_HEADERS = new Setting.Policy<List<String>>(
            "allowed-headers", Collections.<String>emptyList(), "allowed-headers") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.allowedHeaderNames(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.allowedHeaders = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.allowedHeaders();
        }
    };

    public static final Setting.Policy<List<String>> EXPOSED_HEADERS = new Setting.Policy<List<String>>(
            "exposed-headers", Collections.<String>emptyList(), "exposed-headers") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.exposedHeaderNames(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.exposedHeaders = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.exposedHeaders();
        }
    };

    public static final Setting.Policy<Boolean> ALLOW_CREDENTIALS = new Setting.Policy<Boolean>("allow-credentials",
            Boolean.FALSE, "allow-credentials") {
        @Override
        Boolean read(PropertiesParser.Entry entry, Problems problems) {
            return Values.bool(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, Boolean value) {
            policy.allowCredentials = value.booleanValue();
        }

        @Override
        public Object get(PolicyConfig policy) {
            return Boolean.valueOf(policy.allowCredentials());
        }
    };

    /** Default null: {@code Access-Control-Max-Age} is not sent. */
    public static final Setting.Policy<Integer> MAX_AGE = new Setting.Policy<Integer>("max-age", null, "max-age") {
        @Override
        Integer read(PropertiesParser.Entry entry, Problems problems) {
            return Values.maxAge(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, Integer value) {
            policy.maxAge = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.maxAge();
        }

        @Override
        public Object shown(PolicyConfig policy) {
            return policy.maxAge() == null ? "not sent" : policy.maxAge();
        }
    };

    public static final Setting.Policy<Boolean> ALLOW_PRIVATE_NETWORK = new Setting.Policy<Boolean>(
            "allow-private-network", Boolean.FALSE, "allow-private-network") {
        @Override
        Boolean read(PropertiesParser.Entry entry, Problems problems) {
            return Values.bool(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, Boolean value) {
            policy.allowPrivateNetwork = value.booleanValue();
        }

        @Override
        public Object get(PolicyConfig policy) {
            return Boolean.valueOf(policy.allowPrivateNetwork());
        }
    };

    public static final Setting.Policy<Integer> PREFLIGHT_STATUS = new Setting.Policy<Integer>("preflight-status",
            Integer.valueOf(204), "preflight-status") {
        @Override
        Integer read(PropertiesParser.Entry entry, Problems problems) {
            return Values.preflightStatus(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, Integer value) {
            policy.preflightStatus = value.intValue();
        }

        @Override
        public Object get(PolicyConfig policy) {
            return Integer.valueOf(policy.preflightStatus());
        }
    };

    /** Default empty: {@code Timing-Allow-Origin} is not sent (SPEC rule 9). */
    public static final Setting.Policy<List<String>> TIMING_ALLOW_ORIGIN = new Setting.Policy<List<String>>(
            "timing-allow-origin", Collections.<String>emptyList(), "timing-allow-origin") {
        @Override
        List<String> read(PropertiesParser.Entry entry, Problems problems) {
            return Values.timingOrigins(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, List<String> value) {
            policy.timingAllowOrigin = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.timingAllowOrigin();
        }

        @Override
        public Object shown(PolicyConfig policy) {
            return policy.timingAllowOrigin().isEmpty() ? "not sent" : policy.timingAllowOrigin();
        }
    };

    /**
     * Default off. The same three words as {@code cors.mode}: {@code enforce} refuses cross-origin
     * state-changing requests and WebSocket handshakes from origins the policy does not allow
     * (SPEC rules 7 and 8), {@code report-only} logs what it would refuse.
     */
    public static final Setting.Policy<Mode> CROSS_ORIGIN_PROTECTION = new Setting.Policy<Mode>(
            "cross-origin-protection", Mode.OFF, "cross-origin-protection") {
        @Override
        Mode read(PropertiesParser.Entry entry, Problems problems) {
            return Values.protection(entry, problems);
        }

        @Override
        void set(PolicyConfig.Builder policy, Mode value) {
            policy.crossOriginProtection = value;
        }

        @Override
        public Object get(PolicyConfig policy) {
            return policy.crossOriginProtection().configValue(); // as written in the file
        }
    };

    // ---- the table ------------------------------------------------------------------------------
    // Order matters: of equally near keys "did you mean" names the first; the reload log describes
    // keys in this order (item-by-item ones first), and PolicyConfig.toString prints them so.

    /** The agent-wide keys; with {@link #POLICIES} they are every top-level key that is not a policy key. */
    public static final List<Setting.Agent<?>> AGENT = Collections.unmodifiableList(
            Arrays.<Setting.Agent<?>>asList(MODE, LOG_LEVEL, LOG_FILE));

    /** The keys a policy sets, after {@code cors.} (the defaults) or {@code cors.policy.<name>.}. */
    public static final List<Setting.Policy<?>> POLICY = Collections.unmodifiableList(
            Arrays.<Setting.Policy<?>>asList(PATHS, ALLOWED_ORIGINS, ALLOWED_METHODS, ALLOWED_HEADERS, EXPOSED_HEADERS,
                    ALLOW_CREDENTIALS, MAX_AGE, ALLOW_PRIVATE_NETWORK, PREFLIGHT_STATUS,
                    TIMING_ALLOW_ORIGIN, CROSS_ORIGIN_PROTECTION));

    private Keys() {
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
