package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every hook the agent has, each declared once: the class and method it goes into, the advice
 * inlined there, its label in the log, the commit hook an entry hook needs, and the packages whose
 * first class starts the install. Everything else is derived from this table: which class names
 * reach the weaver ({@link #mayBeHooked}), which classes start the install ({@link
 * #startsInstall}), the matchers and partners ({@link Hooks}), the log lines ({@link HookListener}).
 * A new container is one entry here and its advice.
 *
 * <p>Pure JDK: the lazy transformer asks it about every class the JVM loads, before the weaver (ASM) is
 * loaded at all.
 */
public final class HookCatalog {
    /** Names as the JVM's transformers see them: {@code org/apache/coyote/Response}. */
    private static final String TOMCAT = "org/apache/catalina/";
    private static final String COYOTE = "org/apache/coyote/";
    private static final String JETTY = "org/eclipse/jetty/";
    private static final String UNDERTOW = "io/undertow/";
    private static final String LIBERTY = "com/ibm/ws/webcontainer/";
    private static final String JAVAX_SERVLET = "javax/servlet/";
    private static final String JAKARTA_SERVLET = "jakarta/servlet/";

    /** The generic fallback hooks filter chains, which every container names "...Chain...". */
    static final String CHAIN_NAME_PART = "Chain";
    /** Jetty 10 and 11's mutable header type; absent in 9.4, which shares their class names. */
    static final String JETTY10_MUTABLE_FIELDS = "org.eclipse.jetty.http.HttpFields$Mutable";
    private static final String ANY = null;
    /** GlassFish's (and Payara's) valve interface, in web-core only: Tomcat's hooks stay out of its catalina fork. */
    static final String GLASSFISH_VALVE = "org.glassfish.web.valve.GlassFishValve";

    // Tomcat 7 to 11 (one advice pair: it calls nothing whose descriptor names javax or jakarta)
    public static final HookSpec TOMCAT_COMMIT = new HookSpec("Tomcat response commit (coyote Response.action)",
            "org.apache.coyote.Response", "action", args("org.apache.coyote.ActionCode", ANY), "TomcatCommitAdvice",
            null, COYOTE).onlyWhereLoaderSees(GLASSFISH_VALVE, false);
    // GlassFish and Payara have a StandardHostValve of their own with this method (unused there) and
    // no coyote Response: their web-core is told by its GlassFishValve, and GLASSFISH_ENTRY hooks it
    // (else the link check would refuse this pair there, with an error line on every start)
    public static final HookSpec TOMCAT_ENTRY = new HookSpec("Tomcat request entry (StandardHostValve.invoke)",
            "org.apache.catalina.core.StandardHostValve", "invoke", args("org.apache.catalina.connector.Request", ANY),
            "TomcatHostValveAdvice", TOMCAT_COMMIT, TOMCAT).onlyWhereLoaderSees(GLASSFISH_VALVE, false);

    // Jetty 12: core API only, so one pair serves ee8, ee9 and ee10. Exactly this class: its
    // ErrorResponse subclass reaches the hooked method through super
    public static final HookSpec JETTY12_COMMIT = new HookSpec("Jetty 12 response commit (ChannelResponse.lockedPrepareResponse)",
            "org.eclipse.jetty.server.internal.HttpChannelState$ChannelResponse", "lockedPrepareResponse",
            args("org.eclipse.jetty.server.internal.HttpChannelState", ANY), "Jetty12CommitAdvice", null, JETTY);
    public static final HookSpec JETTY12_ENTRY = new HookSpec("Jetty 12 request entry (Server.handle)",
            "org.eclipse.jetty.server.Server", "handle",
            args("org.eclipse.jetty.server.Request", "org.eclipse.jetty.server.Response", "org.eclipse.jetty.util.Callback"),
            "Jetty12ServerAdvice", JETTY12_COMMIT, JETTY);

    // Jetty 9.4 to 11: HttpChannel is a class there (an interface in 12). 10 and 11 keep 9.4's names
    // with HttpFields.Mutable where 9.4 has HttpFields (a class there, an interface from 10 on): the
    // loader seeing that type tells which advice goes where; the 10/11 ones are the 9.4 sources
    // compiled against Jetty 10
    private static final String[] JETTY94_SEND_RESPONSE = args("org.eclipse.jetty.http.MetaData$Response", ANY, ANY,
            "org.eclipse.jetty.util.Callback");
    public static final HookSpec JETTY94_COMMIT = new HookSpec("Jetty 9.4 response commit (HttpChannel.sendResponse)",
            "org.eclipse.jetty.server.HttpChannel", "sendResponse", JETTY94_SEND_RESPONSE, "Jetty94CommitAdvice", null, JETTY)
            .onlyWhereLoaderSees(JETTY10_MUTABLE_FIELDS, false);
    public static final HookSpec JETTY10_COMMIT = new HookSpec("Jetty 10/11 response commit (HttpChannel.sendResponse)",
            "org.eclipse.jetty.server.HttpChannel", "sendResponse", JETTY94_SEND_RESPONSE, "Jetty10CommitAdvice", null, JETTY)
            .onlyWhereLoaderSees(JETTY10_MUTABLE_FIELDS, true);
    public static final HookSpec JETTY94_ENTRY = new HookSpec("Jetty 9.4 request entry (Server.handle(HttpChannel))",
            "org.eclipse.jetty.server.Server", "handle", args("org.eclipse.jetty.server.HttpChannel"),
            "Jetty94ServerAdvice", JETTY94_COMMIT, JETTY).onlyWhereLoaderSees(JETTY10_MUTABLE_FIELDS, false);
    public static final HookSpec JETTY10_ENTRY = new HookSpec("Jetty 10/11 request entry (Server.handle(HttpChannel))",
            "org.eclipse.jetty.server.Server", "handle", args("org.eclipse.jetty.server.HttpChannel"),
            "Jetty10ServerAdvice", JETTY10_COMMIT, JETTY).onlyWhereLoaderSees(JETTY10_MUTABLE_FIELDS, true);

    // Undertow 2.2 and 2.3 (one advice pair: no servlet API in the entry's calls, only undertow-core in the
    // commit's, which WildFly's io.undertow.core module requires): after path mapping, before the
    // deployment's security handlers (Elytron on WildFly) and filters
    public static final HookSpec UNDERTOW_COMMIT = new HookSpec("Undertow response commit (HttpServerExchange.startResponse)",
            "io.undertow.server.HttpServerExchange", "startResponse", args(), "UndertowCommitAdvice", null, UNDERTOW);
    public static final HookSpec UNDERTOW_ENTRY = new HookSpec("Undertow servlet request entry (ServletInitialHandler.dispatchRequest)",
            "io.undertow.servlet.handlers.ServletInitialHandler", "dispatchRequest",
            args("io.undertow.server.HttpServerExchange", "io.undertow.servlet.handlers.ServletRequestContext", ANY, ANY),
            "UndertowDispatchAdvice", UNDERTOW_COMMIT, UNDERTOW);

    // GlassFish 5 to 7 and Payara (web-core, a catalina fork on Grizzly): told from Tomcat by the
    // signature, its int invoke(org.apache.catalina.Request, Response) with catalina's interfaces, where
    // Tomcat's takes connector classes. The pipeline calls postInvoke after invoke whatever it returned:
    // skipped too for an answered preflight. The commit is GlassFish's own session-cookie callback
    public static final HookSpec GLASSFISH_COMMIT = new HookSpec("GlassFish response commit (OutputBuffer.addSessionCookies)",
            "org.apache.catalina.connector.OutputBuffer", "addSessionCookies", args(), "GlassFishCommitAdvice", null, TOMCAT);
    private static final String[] GLASSFISH_VALVE_ARGS = args("org.apache.catalina.Request", "org.apache.catalina.Response");
    public static final HookSpec GLASSFISH_ENTRY = new HookSpec("GlassFish request entry (StandardHostValve.invoke)",
            "org.apache.catalina.core.StandardHostValve", "invoke", GLASSFISH_VALVE_ARGS, "GlassFishHostValveAdvice",
            GLASSFISH_COMMIT, TOMCAT);
    public static final HookSpec GLASSFISH_POST_INVOKE = new HookSpec("GlassFish answered preflight (StandardHostValve.postInvoke)",
            "org.apache.catalina.core.StandardHostValve", "postInvoke", GLASSFISH_VALVE_ARGS, "GlassFishHostPostInvokeAdvice",
            GLASSFISH_COMMIT, TOMCAT);

    // Open Liberty / WebSphere Liberty: one pair serves servlet-4.0 (javax) and servlet-5.0+ (the
    // jakarta-transformed copy of the bundle, same class names): it calls only Liberty's own
    // interfaces with servlet-free descriptors. The entry comes before the security collaborators and
    // runs for apps without filters too; the 5-argument overload (forwards, includes, the cached
    // servlet path) delegates to this one. Every header write passes commit() first
    public static final HookSpec LIBERTY_COMMIT = new HookSpec("Liberty response commit (SRTServletResponse.commit)",
            "com.ibm.ws.webcontainer.srt.SRTServletResponse", "commit", args(), "LibertyCommitAdvice", null, LIBERTY);
    public static final HookSpec LIBERTY_ENTRY = new HookSpec("Liberty request entry (WebAppFilterManager.invokeFilters)",
            "com.ibm.ws.webcontainer.filter.WebAppFilterManager", "invokeFilters",
            args(ANY, ANY, "com.ibm.wsspi.webcontainer.servlet.IServletContext", "com.ibm.wsspi.webcontainer.RequestProcessor",
                    "java.util.EnumSet", "com.ibm.wsspi.http.HttpInboundConnection"),
            "LibertyFilterManagerAdvice", LIBERTY_COMMIT, LIBERTY);
    static final String LIBERTY_CHAIN = "com.ibm.ws.webcontainer.filter.WebAppFilterChain";
    /** Undertow's chain (2.2 javax, 2.3 jakarta). */
    static final String UNDERTOW_CHAIN = "io.undertow.servlet.handlers.FilterHandler$FilterChainImpl";
    /** Jetty's chain classes, nested in ServletHandler: org.eclipse.jetty.servlet in 9.4 to 11, org.eclipse.jetty.eeN.servlet in 12. */
    private static final String[] JETTY_CHAINS = {"ServletHandler$Chain", "ServletHandler$ChainEnd"};
    private static final String[] JETTY12_EE = {"ee8", "ee9", "ee10", "ee11"};

    // the fallback for every other container: each FilterChain implementation, matched by supertype.
    // A container's own chain classes are left alone once that container's entry hook was applied
    // (every request passed it and was decided there): Tomcat's, GlassFish's same-named one, Liberty's,
    // Jetty's (9.4 to 11, and 12's EE environments) and Undertow's. The generic advice would find the
    // plan and return, but it is inlined into doFilter, which runs twice or more per request
    public static final HookSpec JAVAX_CHAIN = leavingContainerChainsAlone(HookSpec.chain(
            "javax.servlet FilterChain.doFilter (generic hook)", "javax.servlet.", "JavaxFilterChainAdvice", JAVAX_SERVLET));
    public static final HookSpec JAKARTA_CHAIN = leavingContainerChainsAlone(HookSpec.chain(
            "jakarta.servlet FilterChain.doFilter (generic hook)", "jakarta.servlet.", "JakartaFilterChainAdvice", JAKARTA_SERVLET));

    /** In the order they are tried on a class. */
    static final List<HookSpec> ALL = Collections.unmodifiableList(Arrays.asList(
            TOMCAT_ENTRY, TOMCAT_COMMIT, JETTY12_ENTRY, JETTY94_ENTRY, JETTY10_ENTRY, JETTY94_COMMIT, JETTY10_COMMIT,
            UNDERTOW_ENTRY, UNDERTOW_COMMIT, JETTY12_COMMIT,
            GLASSFISH_ENTRY, GLASSFISH_POST_INVOKE, GLASSFISH_COMMIT,
            LIBERTY_ENTRY, LIBERTY_COMMIT,
            JAVAX_CHAIN, JAKARTA_CHAIN));

    private static final Set<String> EXACT_INTERNAL_NAMES;
    private static final String[] INSTALL_TRIGGERS;

    static {
        Set<String> exact = new HashSet<String>();
        Set<String> triggers = new LinkedHashSet<String>();
        for (HookSpec hook : ALL) {
            if (hook.target != null) {
                exact.add(hook.target.replace('.', '/'));
            }
            triggers.add(hook.installTrigger);
        }
        EXACT_INTERNAL_NAMES = Collections.unmodifiableSet(exact);
        INSTALL_TRIGGERS = triggers.toArray(new String[0]);
    }

    private HookCatalog() {
    }

    /**
     * True when a hook may want this class ({@code org/apache/coyote/Response} form): one of the
     * container classes hooked by name, or a possible filter chain outside the JDK and the agent.
     * Nothing else is read: describing each of the thousands of classes a container
     * loads cost more than the container's own start.
     */
    public static boolean mayBeHooked(String internalName) {
        if (internalName == null) {
            return false;
        }
        if (EXACT_INTERNAL_NAMES.contains(internalName)) {
            return true;
        }
        return internalName.contains(CHAIN_NAME_PART) && !isJdkOrAgent(internalName) && !isKnownNonServlet(internalName);
    }

    /** True for a class of a package whose first class starts the install (a container is starting). */
    public static boolean startsInstall(String internalName) {
        for (String prefix : INSTALL_TRIGGERS) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The install triggers, for tests and the docs. */
    static List<String> installTriggers() {
        return Collections.unmodifiableList(new ArrayList<String>(Arrays.asList(INSTALL_TRIGGERS)));
    }

    /**
     * Libraries of the big servers with many "...Chain..." classes and no servlet filter chain among
     * them: Grizzly's filter chains (GlassFish, Payara), HK2, the OSGi frameworks, JBoss Modules.
     * Reading them would only cost start time.
     */
    static boolean isKnownNonServlet(String internalName) {
        return internalName.startsWith("org/glassfish/grizzly/") || internalName.startsWith("org/glassfish/hk2/")
                || internalName.startsWith("org/jvnet/hk2/") || internalName.startsWith("org/apache/felix/")
                || internalName.startsWith("org/eclipse/osgi/") || internalName.startsWith("org/osgi/")
                || internalName.startsWith("org/jboss/modules/");
    }

    static boolean isJdkOrAgent(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") && !internalName.startsWith("javax/servlet/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/") || internalName.startsWith("com/sun/")
                || internalName.startsWith("dev/corsagent/");
    }

    /** The generic chain hook, leaving each container's own chain classes to that container's entry hook. */
    private static HookSpec leavingContainerChainsAlone(HookSpec chain) {
        HookSpec hook = chain
                .leavingAlone("org.apache.catalina.core.ApplicationFilterChain", TOMCAT_ENTRY)
                .leavingAlone("org.apache.catalina.core.ApplicationFilterChain", GLASSFISH_ENTRY)
                .leavingAlone(LIBERTY_CHAIN, LIBERTY_ENTRY)
                .leavingAlone(UNDERTOW_CHAIN, UNDERTOW_ENTRY);
        for (String name : JETTY_CHAINS) {
            hook = hook.leavingAlone("org.eclipse.jetty.servlet." + name, JETTY94_ENTRY)
                    .leavingAlone("org.eclipse.jetty.servlet." + name, JETTY10_ENTRY);
            for (String ee : JETTY12_EE) {
                hook = hook.leavingAlone("org.eclipse.jetty." + ee + ".servlet." + name, JETTY12_ENTRY);
            }
        }
        return hook;
    }

    private static String[] args(String... types) {
        return types;
    }
}
