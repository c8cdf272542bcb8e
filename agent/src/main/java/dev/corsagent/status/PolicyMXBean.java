package dev.corsagent.status;

/**
 * {@code dev.corsagent:type=Policy,name=<policy>}: one policy's counters since the agent started,
 * across reloads, as plain numbers for the Prometheus JMX exporter. A policy removed by a reload
 * keeps its bean, with {@code Live} false.
 */
public interface PolicyMXBean {
    boolean isLive();

    long getPreflightsAllowed();

    long getPreflightsDenied();

    long getActualGranted();

    long getActualNotGranted();

    long getWithoutOrigin();

    long getAppHeadersDropped();

    /** Requests cross-origin protection refused, or under report-only would have refused (SPEC rules 7, 8). */
    long getCrossOriginRefused();
}
