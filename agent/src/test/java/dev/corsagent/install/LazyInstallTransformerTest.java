package dev.corsagent.install;

import dev.corsagent.hooks.HookCatalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class LazyInstallTransformerTest {
    private static final byte[] ORIGINAL = {1, 2, 3};
    private static final byte[] TRANSFORMED = {9, 9};
    private static final ClassLoader APP = LazyInstallTransformerTest.class.getClassLoader();

    /** Marks every class it sees, so a test can tell delegation from pass-through. */
    private static final ClassFileTransformer MARKING = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                                byte[] bytes) {
            return TRANSFORMED;
        }
    };

    @Test
    void staysDormantForClassesOutsideServletContainers() throws Exception {
        AtomicInteger installs = new AtomicInteger();
        LazyInstallTransformer lazy = new LazyInstallTransformer(counting(installs, MARKING), null);
        assertNull(lazy.transform(APP, "org/apache/maven/cli/MavenCli", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, "com/sun/tools/javac/Main", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, null, null, null, ORIGINAL));
        assertEquals(0, installs.get());
        assertFalse(lazy.isDone());
    }

    @Test
    void installsOnceOnTheFirstContainerClassAndTransformsThatClassToo() throws Exception {
        AtomicInteger installs = new AtomicInteger();
        LazyInstallTransformer lazy = new LazyInstallTransformer(counting(installs, MARKING), null);
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "org/apache/coyote/Response", null, null, ORIGINAL));
        assertTrue(lazy.isDone());
        // from now on every class a hook may want goes to the installed transformer, container or not
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "jakarta/servlet/FilterChain", null, null, ORIGINAL));
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "com/example/MyChain", null, null, ORIGINAL));
        assertNull(lazy.transform(null, "java/lang/Thing", null, null, ORIGINAL), "bootstrap classes are never hooked");
        assertEquals(1, installs.get());
    }

    @Test
    void anInstallThatAddsNothingOrThrowsLeavesClassesUntouched() throws Exception {
        final List<Object> removed = new ArrayList<Object>();
        Instrumentation instrumentation = (Instrumentation) Proxy.newProxyInstance(APP,
                new Class<?>[] {Instrumentation.class}, new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method method, Object[] args) {
                        if (method.getName().equals("removeTransformer")) {
                            removed.add(args[0]);
                            return true;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
        LazyInstallTransformer nothing = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                return null;
            }
        }, instrumentation);
        assertNull(nothing.transform(APP, "javax/servlet/Servlet", null, null, ORIGINAL));
        assertTrue(nothing.awaitDone(5000));
        assertEquals(Collections.<Object>singletonList(nothing), removed, "nothing installed: deregistered");
        assertNull(nothing.transform(APP, "org/apache/coyote/Response", null, null, ORIGINAL));

        LazyInstallTransformer failing = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                throw new IllegalStateException("boom");
            }
        }, null);
        assertNull(failing.transform(APP, "javax/servlet/Servlet", null, null, ORIGINAL));
        assertTrue(failing.awaitDone(5000));
        assertTrue(failing.isDone());
    }

    @Test
    void anotherThreadLoadingAPossibleTargetDuringTheInstallWaitsAndIsTransformed() throws Exception {
        final CountDownLatch installing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final LazyInstallTransformer lazy = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                installing.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return MARKING;
            }
        }, null);
        Thread trigger = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    lazy.transform(APP, "org/apache/catalina/core/StandardEngine", null, null, ORIGINAL);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        trigger.start();
        assertTrue(installing.await(5, TimeUnit.SECONDS));

        final AtomicReference<byte[]> chainResult = new AtomicReference<byte[]>();
        Thread other = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    chainResult.set(lazy.transform(APP, "org/springframework/web/filter/CompositeFilter$VirtualFilterChain",
                            null, null, ORIGINAL));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        other.start();
        // a JDK class never waits: the installing thread might need it
        assertNull(lazy.transform(null, "java/util/concurrent/Foo", null, null, ORIGINAL));
        other.join(200);
        assertTrue(other.isAlive(), "the possible target waits for the install");
        release.countDown();
        other.join(5000);
        trigger.join(5000);
        assertArrayEquals(TRANSFORMED, chainResult.get());
    }

    @Test
    void byteBuddySeesOnlyClassesAHookMayWantByName() throws Exception {
        final List<String> seen = new ArrayList<String>();
        LazyInstallTransformer lazy = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                return new ClassFileTransformer() {
                    @Override
                    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                            ProtectionDomain domain, byte[] bytes) {
                        seen.add(className);
                        return TRANSFORMED;
                    }
                };
            }
        }, null);
        // the trigger starts the install, but is no hook's class: Byte Buddy never sees it
        assertNull(lazy.transform(APP, "org/apache/catalina/startup/Tomcat", null, null, ORIGINAL));
        assertTrue(lazy.awaitDone(5000));
        assertNull(lazy.transform(APP, "org/apache/catalina/connector/Request", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, "com/example/Service", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, "java/util/Chain", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, "dev/corsagent/shaded/bytebuddy/SomeChain", null, null, ORIGINAL));
        assertNull(lazy.transform(null, "org/apache/coyote/Response", null, null, ORIGINAL), "bootstrap loader");
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "org/apache/coyote/Response", null, null, ORIGINAL));
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "org/apache/catalina/core/StandardHostValve", null, null,
                ORIGINAL));
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "org/eclipse/jetty/servlet/ServletHandler$Chain", null,
                null, ORIGINAL));
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "com/example/MyChain", null, null, ORIGINAL));
        assertEquals(java.util.Arrays.asList("org/apache/coyote/Response", "org/apache/catalina/core/StandardHostValve",
                "org/eclipse/jetty/servlet/ServletHandler$Chain", "com/example/MyChain"), seen);
    }

    @Test
    void theInstallRunsOnItsOwnThreadWhileClassesNoHookWantsLoadOn() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<String> installThread = new AtomicReference<String>();
        LazyInstallTransformer lazy = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                installThread.set(Thread.currentThread().getName());
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return MARKING;
            }
        }, null);
        // neither the trigger nor other container classes wait for the (blocked) install
        assertNull(lazy.transform(APP, "org/apache/catalina/startup/Tomcat", null, null, ORIGINAL));
        assertNull(lazy.transform(APP, "org/apache/catalina/connector/Connector", null, null, ORIGINAL));
        assertFalse(lazy.isDone());
        release.countDown();
        assertTrue(lazy.awaitDone(5000));
        assertEquals("cors-agent-install", installThread.get());
        assertArrayEquals(TRANSFORMED, lazy.transform(APP, "org/apache/coyote/Response", null, null, ORIGINAL));
    }

    @Test
    void hookTargetsAreTheNamedContainerClassesAndPossibleChains() {
        assertTrue(HookCatalog.mayBeHooked("org/apache/coyote/Response"));
        assertTrue(HookCatalog.mayBeHooked("org/eclipse/jetty/server/internal/HttpChannelState$ChannelResponse"));
        assertTrue(HookCatalog.mayBeHooked("io/undertow/server/HttpServerExchange"));
        assertTrue(HookCatalog.mayBeHooked("org/springframework/web/filter/CompositeFilter$VirtualFilterChain"));
        assertTrue(HookCatalog.mayBeHooked("javax/servlet/FilterChain"));
        assertFalse(HookCatalog.mayBeHooked("org/apache/coyote/Request"));
        assertFalse(HookCatalog.mayBeHooked("org/apache/catalina/core/StandardHostValveX"));
        assertFalse(HookCatalog.mayBeHooked("javax/net/ssl/CertChain"));
        assertFalse(HookCatalog.mayBeHooked("sun/security/Chain"));
        assertFalse(HookCatalog.mayBeHooked(null));
    }

    private static LazyInstallTransformer.Installer counting(final AtomicInteger installs,
                                                             final ClassFileTransformer result) {
        return new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                installs.incrementAndGet();
                return result;
            }
        };
    }
}
