package dev.corsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.log.AgentLog;

/**
 * The container hooks: which classes, which methods, which advice ({@link HookTransformer} applies
 * them). Advice is referenced by class name and read from the agent jar, never loaded in the
 * agent: it refers to container types the agent's class loader may not see.
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
    static final String TOMCAT_FILTER_CHAIN = "org.apache.catalina.core.ApplicationFilterChain";

    // advice classes, by name (HooksTest checks that each exists)
    static final String TOMCAT_HOST_VALVE_ADVICE = "dev.corsagent.instrument.TomcatHostValveAdvice";
    static final String TOMCAT_COMMIT_ADVICE = "dev.corsagent.instrument.TomcatCommitAdvice";
    static final String JETTY12_SERVER_ADVICE = "dev.corsagent.instrument.Jetty12ServerAdvice";
    static final String JETTY12_COMMIT_ADVICE = "dev.corsagent.instrument.Jetty12CommitAdvice";
    static final String UNDERTOW_DISPATCH_ADVICE = "dev.corsagent.instrument.UndertowDispatchAdvice";
    static final String UNDERTOW_COMMIT_ADVICE = "dev.corsagent.instrument.UndertowCommitAdvice";
    static final String JAVAX_CHAIN_ADVICE = "dev.corsagent.instrument.JavaxFilterChainAdvice";
    static final String JAKARTA_CHAIN_ADVICE = "dev.corsagent.instrument.JakartaFilterChainAdvice";

    private Hooks() {
    }

    /**
     * The hooks: for each, which classes (by name, except the filter chains), which methods, which
     * advice. Advice is named, not loaded: it refers to container types the agent's class loader
     * may not see; {@link HookTransformer} reads it from the agent jar.
     */
    static HookTransformer transformer(HookTransformer.Listener listener) {
        List<HookTransformer.Hook> hooks = new ArrayList<HookTransformer.Hook>();
        HookTransformer.Hook tomcatCommit = exactly("Tomcat response commit (coyote Response.action)", TOMCAT_COYOTE_RESPONSE,
                commitAction(), TOMCAT_COMMIT_ADVICE, null);
        // GlassFish and Payara have a StandardHostValve of their own with this method, but no coyote
        // Response: the partner check leaves them to the generic hook
        HookTransformer.Hook tomcatEntry = exactly("Tomcat request entry (StandardHostValve.invoke)", TOMCAT_HOST_VALVE,
                named("invoke").and(takesArguments(2)).and(takesArgument(0, named("org.apache.catalina.connector.Request"))),
                TOMCAT_HOST_VALVE_ADVICE, tomcatCommit);
        hooks.add(tomcatEntry);
        hooks.add(tomcatCommit);
        // Jetty 12 and 9.4 share this class name; each advice matches only its own version's method
        HookTransformer.Hook jetty12Commit = exactly("Jetty 12 response commit (ChannelResponse.lockedPrepareResponse)",
                JETTY12_CHANNEL_RESPONSE, jettyPrepareResponse(), JETTY12_COMMIT_ADVICE, null);
        hooks.add(exactly("Jetty 12 request entry (Server.handle)", JETTY12_SERVER, jettyServerHandle(),
                JETTY12_SERVER_ADVICE, jetty12Commit));
        // a class in Jetty 9.4 to 11; in Jetty 12 an interface of the same name, left alone. Jetty 10
        // and 11 keep 9.4's names with HttpFields.Mutable where 9.4 has HttpFields: which commit advice
        // goes where is told by that type, and the same entry advice serves both
        final SeesType jetty10Fields = new SeesType(JETTY10_MUTABLE_FIELDS);
        HookTransformer.Hook jetty94Commit = versioned("Jetty 9.4 response commit (HttpChannel.sendResponse)", JETTY94_CHANNEL,
                jetty10Fields, false, jetty94SendResponse(), JETTY94_COMMIT_ADVICE, null);
        HookTransformer.Hook jetty10Commit = versioned("Jetty 10/11 response commit (HttpChannel.sendResponse)", JETTY94_CHANNEL,
                jetty10Fields, true, jetty94SendResponse(), JETTY10_COMMIT_ADVICE, null);
        hooks.add(versioned("Jetty 9.4 request entry (Server.handle(HttpChannel))", JETTY12_SERVER, jetty10Fields, false,
                jetty94ServerHandle(), JETTY94_SERVER_ADVICE, jetty94Commit));
        hooks.add(versioned("Jetty 10/11 request entry (Server.handle(HttpChannel))", JETTY12_SERVER, jetty10Fields, true,
                jetty94ServerHandle(), JETTY94_SERVER_ADVICE, jetty10Commit));
        hooks.add(jetty94Commit);
        hooks.add(jetty10Commit);
        HookTransformer.Hook undertowCommit = exactly("Undertow response commit (HttpServerExchange.startResponse)",
                UNDERTOW_EXCHANGE, named("startResponse").and(takesArguments(0)), UNDERTOW_COMMIT_ADVICE, null);
        hooks.add(exactly("Undertow servlet request entry (ServletInitialHandler.dispatchRequest)",
                UNDERTOW_SERVLET_INITIAL_HANDLER, undertowDispatchRequest(), UNDERTOW_DISPATCH_ADVICE, undertowCommit));
        hooks.add(undertowCommit);
        // exactly this class: its ErrorResponse subclass reaches the hooked method through super
        hooks.add(jetty12Commit);
        hooks.add(new HookTransformer.Hook("javax.servlet FilterChain.doFilter (generic hook)", null,
                new ChainMatcher(JAVAX_FILTER_CHAIN, tomcatEntry), doFilter("javax.servlet."),
                JAVAX_CHAIN_ADVICE, reportingTo(simpleName(JAVAX_CHAIN_ADVICE)), null));
        hooks.add(new HookTransformer.Hook("jakarta.servlet FilterChain.doFilter (generic hook)", null,
                new ChainMatcher(JAKARTA_FILTER_CHAIN, tomcatEntry), doFilter("jakarta.servlet."),
                JAKARTA_CHAIN_ADVICE, reportingTo(simpleName(JAKARTA_CHAIN_ADVICE)), null));
        return new HookTransformer(hooks, Hooks.class.getClassLoader(), listener);
    }

    /** Jetty 10 and 11's mutable header type; absent in 9.4 (and a nested interface of another shape in 12). */
    static final String JETTY10_MUTABLE_FIELDS = "org.eclipse.jetty.http.HttpFields$Mutable";
    static final String JETTY10_COMMIT_ADVICE = "dev.corsagent.instrument.Jetty10CommitAdvice";

    /**
     * A hook on the class (not an interface: Jetty 12's HttpChannel is one) of exactly this name,
     * where the loader does ({@code present}) or does not see {@code marker}.
     */
    private static HookTransformer.Hook versioned(String label, final String target, final SeesType marker, final boolean present,
                                                  ElementMatcher<? super MethodDescription> methods, String advice,
                                                  HookTransformer.Hook partner) {
        return new HookTransformer.Hook(label, target, new HookTransformer.TypeCheck() {
            @Override
            public boolean matches(TypeDescription candidate, ClassLoader loader) {
                return candidate.getName().equals(target) && !candidate.isInterface() && marker.matches(loader) == present;
            }
        }, methods, advice, reportingTo(simpleName(advice)), partner);
    }

    /** A hook on the class of exactly this name. */
    private static HookTransformer.Hook exactly(String label, final String target, ElementMatcher<? super MethodDescription> methods,
                                              String advice, HookTransformer.Hook partner) {
        return new HookTransformer.Hook(label, target, new HookTransformer.TypeCheck() {
            @Override
            public boolean matches(TypeDescription candidate, ClassLoader loader) {
                return candidate.getName().equals(target);
            }
        }, methods, advice, reportingTo(simpleName(advice)), partner);
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * What suppressed advice exceptions become: a call to {@code CorsBridge.adviceFailed(error,
     * adviceName)}, logged rate-limited by the agent, instead of vanishing.
     */
    static Advice.ExceptionHandler reportingTo(String adviceName) {
        return new Advice.ExceptionHandler.Simple(new StackManipulation.Compound(
                new TextConstant(adviceName), CALL_ADVICE_FAILED));
    }

    /**
     * {@code CorsBridge.adviceFailed(Throwable, String)} as one instruction, rather than a Byte Buddy
     * description of the reflected method: that description's first use sets up reflection
     * dispatchers (generated classes and proxies) while the container waits for its hooks.
     */
    private static final StackManipulation CALL_ADVICE_FAILED = new StackManipulation.AbstractBase() {
        @Override
        public Size apply(MethodVisitor methodVisitor, Implementation.Context context) {
            methodVisitor.visitMethodInsn(Opcodes.INVOKESTATIC, CorsBridge.class.getName().replace('.', '/'),
                    "adviceFailed", "(Ljava/lang/Throwable;Ljava/lang/String;)V", false);
            return new Size(-2, 0); // pops the throwable and the name
        }
    };

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
    static final class ChainMatcher implements HookTransformer.TypeCheck {
        private final ElementMatcher<TypeDescription> byName = nameContains(HookTargets.CHAIN_NAME_PART);
        private final SeesType seesApi;
        private final ElementMatcher<TypeDescription> implementsApi;
        private final HookTransformer.Hook tomcatEntry;

        ChainMatcher(String chainInterface) {
            this(chainInterface, null);
        }

        /**
         * {@code tomcatEntry}: once Tomcat's entry hook was applied, Tomcat's own filter chain is left
         * alone: every request passed the entry hook, which decided it, so the generic advice there
         * would only cost time at the first request and on every request. Only an applied hook counts:
         * GlassFish's chain has the same name, and its same-named valve is not hooked.
         */
        ChainMatcher(String chainInterface, HookTransformer.Hook tomcatEntry) {
            seesApi = new SeesType(chainInterface);
            implementsApi = not(isInterface()).and(hasSuperType(ElementMatchers.<TypeDescription>named(chainInterface)));
            this.tomcatEntry = tomcatEntry;
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader) {
            if (!byName.matches(type) || !seesApi.matches(loader)) {
                return false;
            }
            if (tomcatEntry != null && tomcatEntry.applied && type.getName().equals(TOMCAT_FILTER_CHAIN)) {
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
