package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One hook as {@link HookCatalog} declares it, in plain names (pure JDK: read before the weaver is
 * loaded). {@link Hooks} turns it into matchers.
 */
public final class HookSpec {
    /** Where the advice classes live; a spec names its advice by simple name. */
    static final String ADVICE_PACKAGE = "dev.corsagent.advice.";

    /** The name the log and the link check's messages use. */
    public final String label;
    /** The class hooked, by binary name; null for a hook matched by supertype (the filter chains). */
    public final String target;
    /** For a filter chain hook: the servlet API package ({@code javax.servlet.}); else null. */
    final String servletApi;
    final String method;
    /** The hooked method's parameter types by position (null: any type there); its length is the arity. */
    final String[] parameters;
    public final String advice;
    /** An entry hook's commit hook: the entry is applied only where its partner links too. */
    final HookSpec partner;
    /** The package prefix (internal form, ending in a slash) whose first class starts the install. */
    final String installTrigger;
    /** When not null, only where the class's loader does ({@link #markerPresent}) or does not see this type. */
    final String marker;
    final boolean markerPresent;
    /**
     * Classes this (filter chain) hook leaves alone, each once the hook at the same position in
     * {@link #leftToHook} was applied somewhere; empty for none.
     */
    public final List<String> leftAlone;
    final List<HookSpec> leftToHook;

    HookSpec(String label, String target, String method, String[] parameters, String adviceSimpleName,
             HookSpec partner, String installTrigger) {
        this(label, target, null, method, parameters, ADVICE_PACKAGE + adviceSimpleName, partner, installTrigger,
                null, false, Collections.<String>emptyList(), Collections.<HookSpec>emptyList());
    }

    private HookSpec(String label, String target, String servletApi, String method, String[] parameters, String advice,
                     HookSpec partner, String installTrigger, String marker, boolean markerPresent, List<String> leftAlone,
                     List<HookSpec> leftToHook) {
        this.label = label;
        this.target = target;
        this.servletApi = servletApi;
        this.method = method;
        this.parameters = parameters;
        this.advice = advice;
        this.partner = partner;
        this.installTrigger = installTrigger;
        this.marker = marker;
        this.markerPresent = markerPresent;
        this.leftAlone = leftAlone;
        this.leftToHook = leftToHook;
    }

    /** {@code FilterChain.doFilter(ServletRequest, ServletResponse)} of the given servlet API, in every class implementing it. */
    static HookSpec chain(String label, String servletApi, String adviceSimpleName, String installTrigger) {
        return new HookSpec(label, null, servletApi, "doFilter",
                new String[] {servletApi + "ServletRequest", servletApi + "ServletResponse"},
                ADVICE_PACKAGE + adviceSimpleName, null, installTrigger, null, false, Collections.<String>emptyList(),
                Collections.<HookSpec>emptyList());
    }

    /** The same hook, applied only to a class (never an interface) whose loader does or does not see {@code type}. */
    HookSpec onlyWhereLoaderSees(String type, boolean present) {
        return new HookSpec(label, target, servletApi, method, parameters, advice, partner, installTrigger, type, present,
                leftAlone, leftToHook);
    }

    /** The same filter chain hook, also leaving {@code className} alone once {@code hook} was applied. */
    HookSpec leavingAlone(String className, HookSpec hook) {
        List<String> classes = new ArrayList<String>(leftAlone);
        classes.add(className);
        List<HookSpec> hooks = new ArrayList<HookSpec>(leftToHook);
        hooks.add(hook);
        return new HookSpec(label, target, servletApi, method, parameters, advice, partner, installTrigger, marker,
                markerPresent, Collections.unmodifiableList(classes), Collections.unmodifiableList(hooks));
    }

    /** The filter chain interface this hook looks for, or null for a hook on a named class. */
    public String chainInterface() {
        return servletApi == null ? null : servletApi + "FilterChain";
    }

    @Override
    public String toString() {
        return label;
    }
}
