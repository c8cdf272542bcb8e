package dev.corsagent.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestHandler;
import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigProblem;
import dev.corsagent.config.LoadResult;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.engine.Decision;
import dev.corsagent.engine.DecisionStats;
import dev.corsagent.engine.ProtectionDecision;
import dev.corsagent.engine.RequestFacts;
import dev.corsagent.engine.RequestType;
import dev.corsagent.log.AgentLog;
import dev.corsagent.reload.ConfigDiff;
import dev.corsagent.reload.ConfigWatcher;
import dev.corsagent.status.StatusNames;

/**
 * The agent side of {@link dev.corsagent.bridge.CorsBridge}: decides requests with the current
 * engine and applies (re)loaded configurations. An engine is immutable and swapped whole, and a
 * request reads it once at entry, so a request sees one policy from start to end.
 */
public final class AgentRuntime implements RequestHandler, ConfigWatcher.Listener {
    /** More {@code Origin} or {@code Access-Control-Request-Headers} lines than this are not read. */
    static final int MAX_HEADER_LINES = 64;
    static final int MAX_DROPPED_PATHS = 1000;
    static final long FAILURE_LOG_INTERVAL_MILLIS = 60000;

    private final String configFile;
    private final AtomicReference<CorsEngine> engine = new AtomicReference<CorsEngine>();
    private volatile AgentConfig config;
    private final Set<String> droppedReported = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressedFailures = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Clock clock;
    /** The counters and recent denials, for the life of the JVM: every engine counts into them. */
    private final DecisionStats stats = new DecisionStats();
    // the last load of the file, for the status bean
    private volatile long lastLoadMillis;
    private volatile String lastLoadResult;
    private volatile String lastLoadChanges;
    /** Set by {@link #registerStatusBeansAfterFirstRequest}; cleared by the first request, which registers them. */
    private volatile StatusBeans pendingStatusBeans;
    private volatile StatusBeans statusBeans;
    /**
     * TEST ONLY, off by default: system property naming one request path on which {@link #decide}
     * throws, so the integration tests can check that a failing agent leaves requests untouched and
     * logs rate-limited errors. Read once, when the runtime is created at install.
     */
    static final String FAIL_ON_PATH_PROPERTY = "cors-agent.test.fail-on-path";
    private final String failOnPathForTests;

    interface Clock {
        long millis();
    }

    public AgentRuntime(String configFile) {
        this(configFile, new Clock() {
            @Override
            public long millis() {
                return System.currentTimeMillis();
            }
        });
    }

    AgentRuntime(String configFile, Clock clock) {
        this.configFile = configFile;
        this.clock = clock;
        this.failOnPathForTests = readFailOnPathProperty();
    }

    private static String readFailOnPathProperty() {
        try {
            return System.getProperty(FAIL_ON_PATH_PROPERTY);
        } catch (SecurityException e) {
            return null;
        }
    }

    /** The engine in use; null while no valid configuration was ever loaded (fail closed). */
    public CorsEngine engine() {
        return engine.get();
    }

    public AgentConfig config() {
        return config;
    }

    String configFile() {
        return configFile;
    }

    DecisionStats stats() {
        return stats;
    }

    long lastLoadMillis() {
        return lastLoadMillis;
    }

    String lastLoadResult() {
        return lastLoadResult;
    }

    String lastLoadChanges() {
        return lastLoadChanges;
    }

    long failureCount() {
        return failures.get();
    }

    /**
     * The JMX beans (SPEC "Observing it") are registered on a thread of their own once the first
     * request has been decided: never in premain or during the container's start, where touching the
     * platform MBean server breaks WildFly (it installs its own MBean server builder and log manager).
     */
    public void registerStatusBeansAfterFirstRequest(String version) {
        pendingStatusBeans = new StatusBeans(this, version);
        // lets `status PID` tell a JVM without the agent from one whose beans wait for a first request
        try {
            System.setProperty(StatusNames.INSTALLED_PROPERTY, version + " " + configFile);
        } catch (SecurityException e) {
            // a security manager forbids it: `status` then reports no agent until the beans exist
        }
    }

    private void startStatusRegistration() {
        final StatusBeans beans;
        synchronized (this) {
            beans = pendingStatusBeans;
            if (beans == null) {
                return;
            }
            pendingStatusBeans = null;
        }
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                beans.register();
                statusBeans = beans;
                // a reload that came while register() ran saw no beans yet: its new policies get
                // theirs here (onLoad writes config, then reads statusBeans; this is the reverse order)
                beans.registerPolicies(config);
            }
        }, "cors-agent-jmx");
        thread.setDaemon(true);
        thread.setContextClassLoader(AgentRuntime.class.getClassLoader()); // never a webapp's loader
        thread.start();
    }

    /**
     * Applies a load of the configuration file. An invalid result keeps the last good engine (none
     * at startup: no CORS headers are added) and logs every problem.
     */
    @Override
    public void onLoad(LoadResult result, boolean initial) {
        lastLoadMillis = clock.millis();
        lastLoadResult = result.isValid() ? "loaded"
                : "invalid, previous policy kept: " + (result.errors().isEmpty() ? "?" : result.errors().get(0).toString());
        for (ConfigProblem problem : result.errors()) {
            AgentLog.error(problem.toString());
        }
        for (ConfigProblem problem : result.warnings()) {
            AgentLog.warn(problem.toString());
        }
        if (!result.isValid()) {
            if (initial) {
                AgentLog.error("invalid configuration " + configFile
                        + ": no CORS headers are added until the file is fixed (it is watched)");
            } else {
                AgentLog.error("invalid configuration " + configFile + ": keeping the previous policy");
            }
            return;
        }
        AgentConfig loaded = result.config();
        CorsEngine compiled = CorsEngine.compile(loaded, stats);
        AgentLog.setLevel(loaded.logLevel());
        AgentConfig previous = config;
        config = loaded;
        engine.set(compiled);
        CorsBridge.protecting(compiled.protects()); // the advice read the protection headers only then
        StatusBeans beans = statusBeans;
        if (beans != null) {
            beans.registerPolicies(loaded); // a policy new in this file gets its bean
        }
        if (!initial) {
            List<String> changes = ConfigDiff.describe(previous, loaded);
            lastLoadChanges = changes.isEmpty() ? "no effective change" : String.join("; ", changes);
            AgentLog.info("configuration reloaded from " + configFile + ": "
                    + (changes.isEmpty() ? "no effective change" : String.join("; ", changes)) + " (" + summary(loaded) + ")");
            for (String note : ConfigDiff.cachedPreflightNotes(previous, loaded)) {
                AgentLog.warn(note); // tightening reaches browsers only once their cached preflights expire
            }
            String previousFile = previous == null ? null : previous.logFile();
            String newFile = loaded.logFile();
            if (previousFile == null ? newFile != null : !previousFile.equals(newFile)) {
                AgentLog.warn("cors.log.file changed: takes effect at the next start");
            }
        }
    }


    /** "mode enforce, policies [api, admin]" */
    public static String summary(AgentConfig config) {
        if (config == null) {
            return "no valid configuration";
        }
        List<String> names = new ArrayList<String>();
        for (PolicyConfig policy : config.policies()) {
            names.add(policy.name());
        }
        return "mode " + modeName(config.mode()) + ", policies " + names;
    }

    static String modeName(Mode mode) {
        return mode == null ? "?" : mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public ResponsePlan decide(String method, String path, Enumeration<String> origins,
                               String requestMethod, Enumeration<String> requestHeaders,
                               String privateNetworkRequest, String contentType, String fetchSite,
                               String upgrade, String host, String scheme) {
        if (failOnPathForTests != null && failOnPathForTests.equals(path)) {
            throw new IllegalStateException("test-only failure on " + path + " (-D" + FAIL_ON_PATH_PROPERTY + ")");
        }
        if (pendingStatusBeans != null) {
            startStatusRegistration();
        }
        CorsEngine current = engine.get();
        if (current == null) {
            return null;
        }
        Mode mode = current.mode();
        if (mode == Mode.OFF) {
            return null;
        }
        boolean traced = AgentLog.isEnabled(AgentLog.TRACE);
        boolean present = origins != null && origins.hasMoreElements();
        String origin = null;
        if (present) {
            origin = origins.nextElement();
        }
        // GET, HEAD and OPTIONS pass unless they are WebSocket handshakes: no lookup for them
        if (current.protects() && (fetchSite != null || upgrade != null || present && !isSafe(method))) {
            // rules 7 and 8 come first: a refused request is answered before CORS, the app and its security
            ProtectionDecision refused = current.protect(method, path, origin, present && origins.hasMoreElements(),
                    fetchSite, upgrade, host, scheme);
            if (refused != null) {
                boolean applied = refused.enforced() && mode == Mode.ENFORCE;
                AgentLog.info(refused.line(applied));
                if (applied) {
                    return refused.plan();
                }
            }
        }
        if (!present && !traced) {
            // the common same-origin request: a shared constant plan, nothing allocated, nothing to log
            return mode == Mode.REPORT_ONLY ? null : current.planWithoutOrigin(method, path);
        }
        boolean privateNetwork = privateNetworkRequest != null && privateNetworkRequest.trim().equalsIgnoreCase("true");
        if (present) {
            if (mode == Mode.ENFORCE && !origins.hasMoreElements() && !AgentLog.isDebugEnabled()) {
                // one Origin and nothing to log: the engine's plan, without a Decision or its reason
                return current.plan(method, path, origin, requestMethod, joinLines(requestHeaders), privateNetwork,
                        contentType);
            }
        }
        List<String> originLines = present ? list(origin, origins) : Collections.<String>emptyList();
        Decision decision = current.decide(new RequestFacts(method, path, originLines, requestMethod,
                list(requestHeaders), privateNetwork, contentType));
        boolean cors = decision.requestType() != RequestType.NOT_CORS;
        if (mode == Mode.REPORT_ONLY) {
            // reason() names origin, method, path, policy and rule, with request text escaped
            if (cors) {
                AgentLog.info("report-only, response unchanged: " + decision.reason());
            } else if (traced) {
                AgentLog.trace("report-only, response unchanged: " + decision.reason());
            }
            return null;
        }
        if (cors && AgentLog.isDebugEnabled()) {
            AgentLog.debug(decision.reason());
        } else if (traced) {
            AgentLog.trace(decision.reason());
        }
        return decision.plan();
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /**
     * The {@code Access-Control-Request-Headers} lines as {@link CorsEngine#plan} takes them: a
     * single line as it is (nothing allocated); several, bounded as {@link #list}, joined by the
     * engine's own {@link CorsEngine#joinLines}.
     */
    static String joinLines(Enumeration<String> lines) {
        if (lines == null || !lines.hasMoreElements()) {
            return "";
        }
        String first = lines.nextElement();
        if (!lines.hasMoreElements()) {
            return first == null ? "" : first;
        }
        return CorsEngine.joinLines(list(first, lines));
    }

    /** {@code first} and the rest of {@code values}, bounded as {@link #list(Enumeration)}. */
    private static List<String> list(String first, Enumeration<String> values) {
        List<String> list = new ArrayList<String>(2);
        list.add(first);
        return addBounded(list, values);
    }

    static List<String> list(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return Collections.emptyList();
        }
        return addBounded(new ArrayList<String>(2), values);
    }

    private static List<String> addBounded(List<String> list, Enumeration<String> values) {
        while (values.hasMoreElements()) {
            String value = values.nextElement();
            if (list.size() == MAX_HEADER_LINES) {
                // keep one more than the limit so the engine still sees "too many"
                list.add(value);
                break;
            }
            list.add(value);
        }
        return list;
    }

    int reportedPathCount() {
        return droppedReported.size();
    }

    long suppressedFailureCount() {
        return suppressedFailures.get();
    }

    @Override
    public void appCorsHeaderDropped(String path, String headerName) {
        CorsEngine current = engine.get();
        if (current != null) {
            current.countDroppedHeader(path);
        }
        if (droppedReported.size() >= MAX_DROPPED_PATHS || !droppedReported.add(path)) {
            return;
        }
        AgentLog.info("the app set " + Decision.printable(headerName) + " on " + Decision.printable(path)
                + ", which a policy covers: dropped, the policy alone sets CORS headers"
                + " (logged once per path)");
    }

    @Override
    public void failed(String where, Throwable error) {
        failures.incrementAndGet();
        long now = clock.millis();
        long last = lastFailureLog.get();
        if (last != Long.MIN_VALUE && now - last < FAILURE_LOG_INTERVAL_MILLIS) {
            suppressedFailures.incrementAndGet();
            return;
        }
        if (!lastFailureLog.compareAndSet(last, now)) {
            suppressedFailures.incrementAndGet();
            return;
        }
        long suppressed = suppressedFailures.getAndSet(0);
        AgentLog.error("internal error in " + where + ", request passed on untouched: "
                + AgentLog.describe(error)
                + (suppressed > 0 ? " (" + suppressed + " more since the last report)" : ""));
    }
}
