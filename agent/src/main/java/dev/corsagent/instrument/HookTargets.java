package dev.corsagent.instrument;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes a hook may transform, by name only. Pure JDK: the lazy transformer asks it for every
 * class the JVM loads, so that Byte Buddy (which builds a type description, and for most matchers
 * parses the class file) sees only the handful of classes a hook could want. Before this filter,
 * Byte Buddy's look at each of the thousands of classes a container loads at start cost more than
 * the container's own start.
 */
final class HookTargets {
    static final String TOMCAT_HOST_VALVE = "org.apache.catalina.core.StandardHostValve";
    static final String TOMCAT_COYOTE_RESPONSE = "org.apache.coyote.Response";
    static final String JETTY12_SERVER = "org.eclipse.jetty.server.Server";
    static final String JETTY12_CHANNEL_RESPONSE = "org.eclipse.jetty.server.internal.HttpChannelState$ChannelResponse";
    /** A class in Jetty 9.4, an interface in Jetty 12. */
    static final String JETTY94_CHANNEL = "org.eclipse.jetty.server.HttpChannel";
    static final String UNDERTOW_SERVLET_INITIAL_HANDLER = "io.undertow.servlet.handlers.ServletInitialHandler";
    static final String UNDERTOW_EXCHANGE = "io.undertow.server.HttpServerExchange";
    static final String JAVAX_FILTER_CHAIN = "javax.servlet.FilterChain";
    static final String JAKARTA_FILTER_CHAIN = "jakarta.servlet.FilterChain";

    /** The generic fallback hooks filter chains, which every container names "...Chain...". */
    static final String CHAIN_NAME_PART = "Chain";

    private static final Set<String> EXACT_INTERNAL_NAMES = Collections.unmodifiableSet(new HashSet<String>(Arrays.asList(
            internal(TOMCAT_HOST_VALVE), internal(TOMCAT_COYOTE_RESPONSE), internal(JETTY12_SERVER),
            internal(JETTY12_CHANNEL_RESPONSE), internal(JETTY94_CHANNEL), internal(UNDERTOW_SERVLET_INITIAL_HANDLER),
            internal(UNDERTOW_EXCHANGE))));

    private HookTargets() {
    }

    /**
     * True when a hook may want this class ({@code org/apache/coyote/Response} form): one of the
     * container classes hooked by name, or a possible filter chain outside the JDK and the agent.
     */
    static boolean mayBeHooked(String internalName) {
        if (internalName == null) {
            return false;
        }
        if (EXACT_INTERNAL_NAMES.contains(internalName)) {
            return true;
        }
        return internalName.contains(CHAIN_NAME_PART) && !isJdkOrAgent(internalName) && !isKnownNonServlet(internalName);
    }

    /**
     * Libraries of the big servers with many "...Chain..." classes and no servlet filter chain among
     * them: Grizzly's filter chains (GlassFish, Payara), HK2, the OSGi frameworks. Sending them to
     * Byte Buddy would only cost start time.
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

    private static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }
}
