package dev.corsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.log.AgentLog;

/**
 * The container hooks, as one Byte Buddy agent builder. Advice is referenced by class name and
 * read from the agent jar ({@link AgentBuilder.Transformer.ForAdvice#include}), never loaded in
 * the agent: it refers to container types the agent's class loader may not see.
 */
final class Hooks {
    static final String TOMCAT_HOST_VALVE = HookTargets.TOMCAT_HOST_VALVE;
    static final String TOMCAT_COYOTE_RESPONSE = HookTargets.TOMCAT_COYOTE_RESPONSE;
    static final String JETTY12_SERVER = HookTargets.JETTY12_SERVER;
    static final String JETTY12_CHANNEL_RESPONSE = HookTargets.JETTY12_CHANNEL_RESPONSE;
    static final String JETTY94_CHANNEL = HookTargets.JETTY94_CHANNEL;
    static final String UNDERTOW_SERVLET_INITIAL_HANDLER = HookTargets.UNDERTOW_SERVLET_INITIAL_HANDLER;
    static final String UNDERTOW_EXCHANGE = HookTargets.UNDERTOW_EXCHANGE;
    static final String JAVAX_FILTER_CHAIN = HookTargets.JAVAX_FILTER_CHAIN;
    static final String JAKARTA_FILTER_CHAIN = HookTargets.JAKARTA_FILTER_CHAIN;

    private Hooks() {
    }

    /** Bootstrap classes and every class whose name no hook wants ({@link HookTargets}). */
    static final class NotAHookTarget implements AgentBuilder.RawMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module,
                               Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
            return loader == null || !HookTargets.mayBeHooked(type.getInternalName());
        }
    }

    /**
     * Byte Buddy's own property (the shade plugin relocates this literal along with Byte Buddy).
     * The agent builder's default initialization strategy reaches for {@code sun.misc.Unsafe} while
     * it is constructed, which Java 24+ reports on stderr; the advice never needs that "nexus".
     */
    static final String NEXUS_DISABLED_PROPERTY = "net.bytebuddy.nexus.disabled";

    static AgentBuilder builder(AgentBuilder.Listener listener) {
        ClassLoader agentLoader = Hooks.class.getClassLoader();
        if (System.getProperty(NEXUS_DISABLED_PROPERTY) == null) {
            System.setProperty(NEXUS_DISABLED_PROPERTY, "true");
        }
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(listener)
                // by name first: the same filter the lazy transformer applies, here for the classes
                // an attach retransforms; then what needs the class file
                .ignore(new NotAHookTarget())
                .or(isSynthetic())

                .type(named(TOMCAT_HOST_VALVE))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("TomcatHostValveAdvice"))
                        .advice(named("invoke").and(takesArguments(2))
                                        .and(takesArgument(0, named("org.apache.catalina.connector.Request"))),
                                TomcatHostValveAdvice.class.getName()))

                .type(named(TOMCAT_COYOTE_RESPONSE))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("TomcatCommitAdvice"))
                        .advice(commitAction(), TomcatCommitAdvice.class.getName()))

                .type(named(JETTY12_SERVER))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("Jetty12ServerAdvice"))
                        .advice(jettyServerHandle(), Jetty12ServerAdvice.class.getName()))
                // the same class name in Jetty 9.4, with its entry handle(HttpChannel); each advice
                // matches only its own version's method
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo(JETTY94_SERVER_ADVICE))
                        .advice(jetty94ServerHandle(), JETTY94_SERVER_ADVICE))

                // a class in Jetty 9.4; in Jetty 12 an interface of the same name, left alone
                .type(named(JETTY94_CHANNEL).and(not(isInterface())))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo(JETTY94_COMMIT_ADVICE))
                        .advice(jetty94SendResponse(), JETTY94_COMMIT_ADVICE))

                .type(named(UNDERTOW_SERVLET_INITIAL_HANDLER))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("UndertowDispatchAdvice"))
                        .advice(undertowDispatchRequest(), UndertowDispatchAdvice.class.getName()))

                .type(named(UNDERTOW_EXCHANGE))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("UndertowCommitAdvice"))
                        .advice(named("startResponse").and(takesArguments(0)), UndertowCommitAdvice.class.getName()))

                // exactly this class: its ErrorResponse subclass reaches the hooked method through super
                .type(named(JETTY12_CHANNEL_RESPONSE))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("Jetty12CommitAdvice"))
                        .advice(jettyPrepareResponse(), Jetty12CommitAdvice.class.getName()))

                .type(new ChainMatcher(JAVAX_FILTER_CHAIN))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("JavaxFilterChainAdvice"))
                        .advice(doFilter("javax.servlet."), JavaxFilterChainAdvice.class.getName()))

                .type(new ChainMatcher(JAKARTA_FILTER_CHAIN))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .withExceptionHandler(reportingTo("JakartaFilterChainAdvice"))
                        .advice(doFilter("jakarta.servlet."), JakartaFilterChainAdvice.class.getName()));
    }

    /**
     * What suppressed advice exceptions become: a call to {@code CorsBridge.adviceFailed(error,
     * adviceName)}, logged rate-limited by the agent, instead of vanishing.
     */
    static Advice.ExceptionHandler reportingTo(String adviceName) {
        try {
            return new Advice.ExceptionHandler.Simple(new StackManipulation.Compound(
                    new TextConstant(adviceName),
                    MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(
                            CorsBridge.class.getMethod("adviceFailed", Throwable.class, String.class)))));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code Response.action(ActionCode, Object)}: the advice acts on COMMIT. Not {@code commit()}:
     * the HTTP/1.1 and HTTP/2 output buffers commit a large body through {@code action(COMMIT)}
     * directly, and older Tomcats' {@code sendHeaders()} does too.
     */
    static ElementMatcher.Junction<MethodDescription> commitAction() {
        return named("action").and(takesArguments(2)).and(takesArgument(0, named("org.apache.coyote.ActionCode")));
    }

    /** Jetty 12's core entry, {@code Server.handle(Request, Response, Callback)}: before every handler. */
    static ElementMatcher.Junction<MethodDescription> jettyServerHandle() {
        return named("handle").and(takesArguments(3))
                .and(takesArgument(0, named("org.eclipse.jetty.server.Request")))
                .and(takesArgument(1, named("org.eclipse.jetty.server.Response")))
                .and(takesArgument(2, named("org.eclipse.jetty.util.Callback")));
    }

    /**
     * The Jetty 9.4 advice is compiled apart from the rest (src/main/jetty94, see agent/pom.xml), so
     * it is named by string here.
     */
    static final String JETTY94_SERVER_ADVICE = "dev.corsagent.instrument.Jetty94ServerAdvice";
    static final String JETTY94_COMMIT_ADVICE = "dev.corsagent.instrument.Jetty94CommitAdvice";

    /** Jetty 9.4's entry, {@code Server.handle(HttpChannel)}: before every handler. */
    static ElementMatcher.Junction<MethodDescription> jetty94ServerHandle() {
        return named("handle").and(takesArguments(1))
                .and(takesArgument(0, named(JETTY94_CHANNEL)));
    }

    /**
     * {@code HttpChannel.sendResponse(MetaData.Response, ByteBuffer, boolean, Callback)}: every
     * other way Jetty 9.4 commits a response ends up here.
     */
    static ElementMatcher.Junction<MethodDescription> jetty94SendResponse() {
        return named("sendResponse").and(takesArguments(4))
                .and(takesArgument(0, named("org.eclipse.jetty.http.MetaData$Response")))
                .and(takesArgument(3, named("org.eclipse.jetty.util.Callback")));
    }

    /**
     * {@code ServletInitialHandler.dispatchRequest(exchange, servletRequestContext, chain, type)}:
     * the servlet request exists, the deployment's security handlers have not run.
     */
    static ElementMatcher.Junction<MethodDescription> undertowDispatchRequest() {
        return named("dispatchRequest").and(takesArguments(4))
                .and(takesArgument(0, named(UNDERTOW_EXCHANGE)))
                .and(takesArgument(1, named("io.undertow.servlet.handlers.ServletRequestContext")));
    }

    /**
     * {@code ChannelResponse.lockedPrepareResponse(HttpChannelState, boolean)}: where Jetty 12 builds
     * the response metadata, once per response, right before the headers go out.
     */
    static ElementMatcher.Junction<MethodDescription> jettyPrepareResponse() {
        return named("lockedPrepareResponse").and(takesArguments(2))
                .and(takesArgument(0, named("org.eclipse.jetty.server.internal.HttpChannelState")));
    }

    /**
     * Filter chain implementations, cheapest test first: the name (every container's chain class has
     * "Chain" in it; free, the description is lazy), then whether the class loader sees the API
     * (cached), and only then the supertype walk.
     */
    static final class ChainMatcher implements AgentBuilder.RawMatcher {
        private final ElementMatcher<TypeDescription> byName = nameContains(HookTargets.CHAIN_NAME_PART);
        private final SeesType seesApi;
        private final ElementMatcher<TypeDescription> implementsApi;

        ChainMatcher(String chainInterface) {
            seesApi = new SeesType(chainInterface);
            implementsApi = not(isInterface()).and(hasSuperType(named(chainInterface)));
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module,
                               Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
            if (!byName.matches(type) || !seesApi.matches(loader)) {
                return false;
            }
            try {
                return implementsApi.matches(type);
            } catch (RuntimeException unresolvable) {
                // a supertype the loader cannot provide (an optional dependency): not a chain we can
                // hook, and no reason for the error-level "could not hook" line meant for real failures
                AgentLog.debug("not hooked: cannot resolve the supertypes of " + type.getName() + ": "
                        + AgentLog.describe(unresolvable));
                return false;
            }
        }
    }

    static ElementMatcher.Junction<MethodDescription> doFilter(String apiPackage) {
        return named("doFilter").and(takesArguments(2)).and(ElementMatchers.not(ElementMatchers.isAbstract()))
                .and(takesArgument(0, named(apiPackage + "ServletRequest")))
                .and(takesArgument(1, named(apiPackage + "ServletResponse")));
    }

    /** A class loader that can see the given type (cached): the cheap check before any type matching. */
    static final class SeesType implements ElementMatcher<ClassLoader> {
        private final String resource;
        private final Map<ClassLoader, Boolean> cache = new WeakHashMap<ClassLoader, Boolean>();

        SeesType(String typeName) {
            this.resource = typeName.replace('.', '/') + ".class";
        }

        @Override
        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            synchronized (cache) {
                Boolean known = cache.get(loader);
                if (known == null) {
                    known = loader.getResource(resource) != null;
                    cache.put(loader, known);
                }
                return known;
            }
        }
    }
}
