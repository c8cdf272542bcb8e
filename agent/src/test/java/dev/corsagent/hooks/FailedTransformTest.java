package dev.corsagent.hooks;

import dev.corsagent.install.LazyInstallTransformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.description.type.TypeDescription;
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
        HookTransformer.Listener recorder = new HookTransformer.Listener() {
            @Override
            public void hooked(String hookLabel, String typeName, ClassLoader loader) {
                throw new AssertionError("corrupt bytes cannot have been hooked");
            }

            @Override
            public void failed(String typeName, ClassLoader classLoader, Throwable throwable) {
                errors.add(typeName);
                new HookListener().failed(typeName, classLoader, throwable); // must not throw
            }

            @Override
            public void refused(String hookLabel, String typeName, ClassLoader loader, String reason) {
                throw new AssertionError("corrupt bytes cannot have been checked: " + reason);
            }
        };
        // as in production: the lazy transformer delegates to the hooks' transformer
        final ClassFileTransformer raw = Hooks.transformer(recorder);
        LazyInstallTransformer lazy = new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
            @Override
            public ClassFileTransformer install() {
                return raw;
            }
        }, null);
        byte[] corrupt = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52, 1, 2, 3};
        URLClassLoader loader = new URLClassLoader(new URL[0], null);
        try {
            // the transformer reports the failure to the listener and returns null: the JVM keeps
            // the original bytes and the loading thread sees nothing
            byte[] result = lazy.transform(loader, HookCatalog.TOMCAT_COMMIT.target.replace('.', '/'), null, null, corrupt);
            assertNull(result, "no transformation: the JVM keeps the original bytes");
        } finally {
            loader.close();
        }
        assertEquals(1, errors.size(), "the failure is reported once: " + errors);
        assertTrue(errors.get(0).equals(HookCatalog.TOMCAT_COMMIT.target), errors.toString());
    }
}
