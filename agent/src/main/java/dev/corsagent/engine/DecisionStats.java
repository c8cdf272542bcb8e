package dev.corsagent.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The counters of every policy by name and the recent denials, for the life of the JVM: each
 * engine compiled from a reload takes its policies' counters from here, so a reload does not reset
 * them. Policy names come from the configuration, never from a request.
 */
public final class DecisionStats {
    private final ConcurrentMap<String, PolicyCounters> byPolicy = new ConcurrentHashMap<String, PolicyCounters>();
    private final RecentDenials denials = new RecentDenials();

    /** The counters of the policy with this name, made the first time it is asked for. */
    public PolicyCounters policy(String name) {
        PolicyCounters counters = byPolicy.get(name);
        if (counters == null) {
            PolicyCounters made = new PolicyCounters();
            counters = byPolicy.putIfAbsent(name, made);
            if (counters == null) {
                counters = made;
            }
        }
        return counters;
    }

    public RecentDenials denials() {
        return denials;
    }
}
