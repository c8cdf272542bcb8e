package dev.corsagent.reload;

import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.Keys;
import dev.corsagent.config.PolicyConfig;
import dev.corsagent.config.Setting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says in a few short lines what a reload changed, for the one log line per applied change, e.g.
 * {@code mode: enforce -> report-only}, {@code policy api: origins added https://b.example.com}.
 * Which keys there are, their labels and how their values are shown come from {@link Keys}.
 */
public final class ConfigDiff {
    private ConfigDiff() {
    }

    /**
     * The differences from {@code before} to {@code after}, in file order. {@code before} may be
     * null (no valid config was in force yet): then the lines describe {@code after} as new.
     * Returns an empty list when nothing that matters changed (e.g. only comments were edited).
     */
    public static List<String> describe(AgentConfig before, AgentConfig after) {
        List<String> lines = new ArrayList<String>();
        if (after == null) {
            return lines;
        }
        if (before == null) {
            lines.add(Keys.MODE.label() + ": " + text(Keys.MODE.shown(after)));
            for (PolicyConfig policy : after.policies()) {
                lines.add("policy added: " + policy.name());
            }
            return lines;
        }

        for (Setting.Agent<?> key : Keys.AGENT) {
            addIfChanged(lines, key.label(), key.shown(before), key.shown(after));
        }

        Map<String, PolicyConfig> oldPolicies = byName(before.policies());
        Map<String, PolicyConfig> newPolicies = byName(after.policies());
        for (String name : oldPolicies.keySet()) {
            if (!newPolicies.containsKey(name)) {
                lines.add("policy removed: " + name);
            }
        }
        for (String name : newPolicies.keySet()) {
            if (!oldPolicies.containsKey(name)) {
                lines.add("policy added: " + name);
            }
        }
        // the first matching policy wins, so a new order alone changes behaviour
        List<String> oldOrder = commonOrder(oldPolicies, newPolicies);
        List<String> newOrder = commonOrder(newPolicies, oldPolicies);
        if (!oldOrder.equals(newOrder)) {
            lines.add("policy order: " + String.join(", ", oldOrder) + " -> " + String.join(", ", newOrder));
        }
        for (Map.Entry<String, PolicyConfig> entry : newPolicies.entrySet()) {
            PolicyConfig old = oldPolicies.get(entry.getKey());
            if (old != null) {
                describePolicy(lines, old, entry.getValue());
            }
        }
        return lines;
    }

    /** Fetch's CORS-preflight cache keeps an answer this long when Access-Control-Max-Age is absent. */
    static final int DEFAULT_PREFLIGHT_CACHE_SECONDS = 5;

    /**
     * For each policy in both configs that no longer allows a method or header it allowed, one line
     * saying that browsers may still use a cached preflight answer allowing it, for up to the old
     * {@code max-age} (Fetch caches successful preflights by origin, URL, method and header name): until
     * then they send such requests, and the agent does not re-check methods or headers on actual
     * requests. Loosening takes effect at once (failed preflights are not cached); none with
     * {@code max-age = 0}.
     */
    public static List<String> cachedPreflightNotes(AgentConfig before, AgentConfig after) {
        List<String> lines = new ArrayList<String>();
        if (before == null || after == null) {
            return lines;
        }
        Map<String, PolicyConfig> oldPolicies = byName(before.policies());
        for (PolicyConfig policy : after.policies()) {
            PolicyConfig old = oldPolicies.get(policy.name());
            if (old == null || (old.maxAge() != null && old.maxAge().intValue() == 0)) {
                continue;
            }
            List<String> removed = new ArrayList<String>();
            for (String method : narrowed(old.allowedMethods(), policy.allowedMethods(), false)) {
                removed.add("method " + method);
            }
            for (String header : narrowed(old.allowedHeaders(), policy.allowedHeaders(), true)) {
                removed.add("header " + header);
            }
            if (removed.isEmpty()) {
                continue;
            }
            String seconds = old.maxAge() == null ? DEFAULT_PREFLIGHT_CACHE_SECONDS + " seconds (no max-age was set:"
                    + " the browsers' default)" : old.maxAge() + " seconds (the max-age that was in force)";
            lines.add("policy " + policy.name() + ": " + String.join(", ", removed) + " no longer allowed, but"
                    + " browsers may keep a cached preflight answer that allows it for up to " + seconds
                    + "; until then they still send such requests and the app receives them");
        }
        return lines;
    }

    /** Items of {@code before} that {@code after} no longer covers; "*" when a wildcard went. */
    private static List<String> narrowed(List<String> before, List<String> after, boolean ignoreCase) {
        List<String> gone = new ArrayList<String>();
        if (after.contains("*")) {
            return gone;
        }
        if (before.contains("*")) {
            gone.add("* (any not now listed)");
            return gone;
        }
        for (String item : before) {
            boolean kept = false;
            for (String now : after) {
                kept |= ignoreCase ? now.equalsIgnoreCase(item) : now.equals(item);
            }
            if (!kept) {
                gone.add(item);
            }
        }
        return gone;
    }

    private static void describePolicy(List<String> lines, PolicyConfig before, PolicyConfig after) {
        String prefix = "policy " + after.name() + ": ";
        // keys described item by item (origins added ...) first, then every other key as old -> new:
        // the order the reload log has always had
        for (Setting.Policy<?> key : Keys.POLICY) {
            if (key.diffByItems()) {
                List<String> oldItems = strings(key.shown(before));
                List<String> newItems = strings(key.shown(after));
                List<String> added = minus(newItems, oldItems);
                List<String> removed = minus(oldItems, newItems);
                if (!added.isEmpty()) {
                    lines.add(prefix + key.label() + " added " + String.join(", ", added));
                }
                if (!removed.isEmpty()) {
                    lines.add(prefix + key.label() + " removed " + String.join(", ", removed));
                }
            }
        }
        for (Setting.Policy<?> key : Keys.POLICY) {
            if (!key.diffByItems()) {
                addIfChanged(lines, prefix + key.label(), key.shown(before), key.shown(after));
            }
        }
    }

    private static void addIfChanged(List<String> lines, String what, Object before, Object after) {
        String oldText = text(before);
        String newText = text(after);
        if (!oldText.equals(newText)) {
            lines.add(what + ": " + oldText + " -> " + newText);
        }
    }

    private static Map<String, PolicyConfig> byName(List<PolicyConfig> policies) {
        Map<String, PolicyConfig> map = new LinkedHashMap<String, PolicyConfig>();
        if (policies != null) {
            for (PolicyConfig policy : policies) {
                map.put(policy.name(), policy);
            }
        }
        return map;
    }

    /** The names of {@code in} that {@code other} also has, in the order of {@code in}. */
    private static List<String> commonOrder(Map<String, PolicyConfig> in, Map<String, PolicyConfig> other) {
        List<String> names = new ArrayList<String>();
        for (String name : in.keySet()) {
            if (other.containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> minus(List<String> from, List<String> remove) {
        List<String> result = new ArrayList<String>();
        for (String item : from) {
            if (!remove.contains(item)) {
                result.add(item);
            }
        }
        return result;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return Collections.emptyList();
        }
        List<String> result = new ArrayList<String>();
        if (value instanceof Collection) {
            for (Object item : (Collection<?>) value) {
                result.add(String.valueOf(item));
            }
        } else {
            result.add(String.valueOf(value));
        }
        return result;
    }

    private static String text(Object value) {
        if (value instanceof Collection) {
            List<String> items = strings(value);
            return items.isEmpty() ? "(none)" : String.join(", ", items);
        }
        return String.valueOf(value);
    }

}
