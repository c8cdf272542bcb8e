package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.fixtures.probe.AsyncProbeServlet;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Response paths on a standalone Tomcat 9, agent via JAVA_TOOL_OPTIONS; plus asynchronous
 * responses from {@link AsyncProbeServlet} (compiled against javax.servlet, so Tomcat 9 only).
 */
class ResponsePathsTomcat9IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return Artifacts.tomcat9Dist();
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }

    @Override
    void deployMore(Path probeWebapp) throws IOException {
        String classFile = AsyncProbeServlet.class.getName().replace('.', '/') + ".class";
        Path target = probeWebapp.resolve("WEB-INF/classes").resolve(classFile);
        Files.createDirectories(target.getParent());
        Files.copy(Artifacts.testClasses().resolve(classFile), target);
    }

    @Test
    void asyncResponseCompletedOnAnotherThread() {
        HttpResponse r = probe("async?mode=complete");

        assertStatus(200, r);
        assertEquals("finished asynchronously", r.body(), r::toString);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void asyncDispatchToAJsp() {
        HttpResponse r = probe("async?mode=dispatch");

        assertStatus(200, r);
        assertTrue(r.body().startsWith("early"), r::toString);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void asyncSendError() {
        HttpResponse r = probe("async?mode=error");

        assertStatus(503, r);
        assertActualGrant(ORIGIN, r);
    }
}
