package dev.corsagent.runtime;

import java.lang.management.ManagementFactory;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.PolicyConfig;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.engine.Decision;
import dev.corsagent.engine.DecisionStats;
import dev.corsagent.engine.PolicyCounters;
import dev.corsagent.engine.RecentDenials;
import dev.corsagent.log.AgentLog;
import dev.corsagent.status.AgentMXBean;
import dev.corsagent.status.PolicyMXBean;
import dev.corsagent.status.StatusNames;

/**
 * The agent's JMX beans (SPEC "Observing it"), read from the runtime on each attribute read.
 * Registered late, by {@link AgentRuntime} on its own thread after the first request: a server
 * serving requests has set up its own MBean server builder and log manager, and touching the
 * platform MBean server before that breaks WildFly's start.
 */
final class StatusBeans implements AgentMXBean {
    private final AgentRuntime runtime;
    private final String version;
    private final Set<String> registeredPolicies = new HashSet<String>();
    private MBeanServer server;

    StatusBeans(AgentRuntime runtime, String version) {
        this.runtime = runtime;
        this.version = version;
    }

    /** Registers the agent bean and one bean per policy; called once, never on a request thread. */
    synchronized void register() {
        try {
            server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(StatusNames.AGENT);
            if (server.isRegistered(name)) { // a second agent jar in this JVM registered first
                AgentLog.warn("JMX: " + StatusNames.AGENT + " is already registered; this agent's is not");
                server = null;
                return;
            }
            server.registerMBean(this, name);
            registerPolicies(runtime.config());
            AgentLog.info("JMX: registered " + StatusNames.AGENT);
        } catch (Throwable t) {
            server = null;
            AgentLog.warn("JMX: could not register " + StatusNames.AGENT + ": " + AgentLog.describe(t));
        }
    }

    /** After a reload: beans for policies not seen before (those removed stay, no longer live). */
    synchronized void registerPolicies(AgentConfig config) {
        if (server == null || config == null) {
            return;
        }
        for (PolicyConfig policy : config.policies()) {
            final String policyName = policy.name();
            if (registeredPolicies.contains(policyName)) {
                continue;
            }
            try {
                server.registerMBean(new PolicyBean(policyName), policyObjectName(policyName));
                registeredPolicies.add(policyName);
            } catch (Throwable t) {
                AgentLog.warn("JMX: could not register the bean of policy " + policyName + ": " + AgentLog.describe(t));
            }
        }
    }

    static ObjectName policyObjectName(String policyName) throws Exception {
        return new ObjectName(StatusNames.POLICY_PREFIX + ObjectName.quote(policyName));
    }

    private boolean isLive(String policyName) {
        AgentConfig config = runtime.config();
        if (config == null) {
            return false;
        }
        for (PolicyConfig policy : config.policies()) {
            if (policy.name().equals(policyName)) {
                return true;
            }
        }
        return false;
    }

    private PolicyCounters counters(String policyName) {
        return runtime.stats().policy(policyName);
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getMode() {
        CorsEngine engine = runtime.engine();
        return engine == null ? "none" : AgentRuntime.modeName(engine.mode());
    }

    @Override
    public String getConfigFile() {
        return runtime.configFile();
    }

    @Override
    public String[] getPolicies() {
        AgentConfig config = runtime.config();
        if (config == null) {
            return new String[0];
        }
        List<String> lines = new ArrayList<String>();
        for (PolicyConfig policy : config.policies()) {
            PolicyCounters c = counters(policy.name());
            lines.add(policy.name() + ": paths " + policy.paths() + ", origins " + policy.allowedOrigins()
                    + (policy.allowCredentials() ? ", credentials" : "")
                    + "; preflights allowed " + c.preflightsAllowed() + ", denied " + c.preflightsDenied()
                    + "; actual granted " + c.actualGranted() + ", not granted " + c.actualNotGranted()
                    + "; without Origin " + c.withoutOrigin() + "; app headers dropped " + c.appHeadersDropped()
                    + (policy.crossOriginProtection() == dev.corsagent.config.Mode.OFF ? ""
                    : "; cross-origin protection " + policy.crossOriginProtection().configValue() + ", refused "
                    + c.crossOriginRefused()));
        }
        return lines.toArray(new String[0]);
    }

    @Override
    public String getLastReloadTime() {
        long time = runtime.lastLoadMillis();
        return time == 0 ? "" : iso(time);
    }

    @Override
    public String getLastReloadResult() {
        String result = runtime.lastLoadResult();
        return result == null ? "" : result;
    }

    @Override
    public String getLastReloadChanges() {
        String changes = runtime.lastLoadChanges();
        return changes == null ? "" : changes;
    }

    @Override
    public long getFailures() {
        return runtime.failureCount();
    }

    @Override
    public long getDenialsTotal() {
        return runtime.stats().denials().total();
    }

    @Override
    public String[] getRecentDenials() {
        DecisionStats stats = runtime.stats();
        List<String> lines = new ArrayList<String>();
        for (RecentDenials.Denial denial : stats.denials().newestFirst()) {
            Decision decision = denial.decision;
            lines.add(iso(denial.timeMillis) + " " + decision.reason());
        }
        return lines.toArray(new String[0]);
    }

    static String iso(long millis) {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(new Date(millis));
    }

    /** One policy's counters, looked up by name on each read (the counters outlive engines). */
    private final class PolicyBean implements PolicyMXBean {
        private final String policyName;

        PolicyBean(String policyName) {
            this.policyName = policyName;
        }

        @Override
        public boolean isLive() {
            return StatusBeans.this.isLive(policyName);
        }

        @Override
        public long getPreflightsAllowed() {
            return counters(policyName).preflightsAllowed();
        }

        @Override
        public long getPreflightsDenied() {
            return counters(policyName).preflightsDenied();
        }

        @Override
        public long getActualGranted() {
            return counters(policyName).actualGranted();
        }

        @Override
        public long getActualNotGranted() {
            return counters(policyName).actualNotGranted();
        }

        @Override
        public long getWithoutOrigin() {
            return counters(policyName).withoutOrigin();
        }

        @Override
        public long getAppHeadersDropped() {
            return counters(policyName).appHeadersDropped();
        }

        @Override
        public long getCrossOriginRefused() {
            return counters(policyName).crossOriginRefused();
        }
    }
}
