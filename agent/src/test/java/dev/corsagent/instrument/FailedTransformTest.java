package dev.corsagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

/**
 * A container class the agent cannot transform (here: corrupt class bytes under a hooked name)
 * is loaded unchanged, the failure goes to the listener (HookListener logs it at error level), and
 * nothing is thrown into the loading thread: the container starts without that hook.
 */
class FailedTransformTest {
    @Test
    void aClassThatCannotBeTransformedIsLeftUnchangedAndReported() throws Exception {
        final List<String> errors = new ArrayList<String>();
        AgentBuilder.Listener recorder = new AgentBuilder.Listener.Adapter() {
            @Override
            public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                                Throwable throwable) {
                errors.add(typeName);
                new HookListener().onError(typeName, classLoader, module, loaded, throwable); // must not throw
            }
        };
        // as in production: the lazy transformer delegates to Byte Buddy's raw transformer of our hooks
        final ClassFileTransformer raw = Hooks.builder(recorder).makeRaw();
        LazyInstallTransformer lazy = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                return raw;
            }
        }, null);
        byte[] corrupt = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52, 1, 2, 3};
        URLClassLoader loader = new URLClassLoader(new URL[0], null);
        try {
            // Byte Buddy reports the failure to the listener and rethrows; the lazy transformer
            // swallows it, so the JVM keeps the original bytes and the loading thread sees nothing
            byte[] result = lazy.transform(loader, Hooks.TOMCAT_COYOTE_RESPONSE.replace('.', '/'), null, null, corrupt);
            assertNull(result, "no transformation: the JVM keeps the original bytes");
        } finally {
            loader.close();
        }
        assertEquals(1, errors.size(), "the failure is reported once: " + errors);
        assertTrue(errors.get(0).equals(Hooks.TOMCAT_COYOTE_RESPONSE), errors.toString());
    }
}
