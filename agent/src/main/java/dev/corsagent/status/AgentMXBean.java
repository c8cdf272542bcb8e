package dev.corsagent.status;

/**
 * {@code dev.corsagent:type=Agent}: what the agent in this JVM runs with and what it decided. Every
 * attribute is a plain open type (strings, numbers, string arrays), so jconsole, {@code jcmd} and
 * the {@code status} command read it without agent classes.
 */
public interface AgentMXBean {
    String getVersion();

    /** {@code enforce}, {@code report-only}, {@code off}, or {@code none} while no valid file was ever loaded. */
    String getMode();

    String getConfigFile();

    /** One line per live policy: name, paths, origins, and its counters. */
    String[] getPolicies();

    /** ISO-8601 UTC time of the last load of the file (the start counts), or empty. */
    String getLastReloadTime();

    /** {@code loaded}, or {@code invalid: ...} with the first problem; the previous policy stays then. */
    String getLastReloadResult();

    /** What the last valid reload changed, as logged; empty for the first load. */
    String getLastReloadChanges();

    /** Internal errors on the request path (each request passed on untouched), since the start. */
    long getFailures();

    /** Denied requests since the start, in all policies. */
    long getDenialsTotal();

    /** The last 20 denials, newest first: time, policy, and the reason with request text escaped. */
    String[] getRecentDenials();
}
