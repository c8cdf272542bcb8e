package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Response paths on Payara Micro 7 (Temurin 25): the probe JSPs as a second {@code --deploy}, next to the shop. */
class ResponsePathsPayaraMicro7IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return AppServers.dist("payara.micro.jar");
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        AppServers.Prepared server = AppServers.payaraMicro7(war()).prepare("response-paths-payara-micro7", work);
        Path probeWar = work.resolve("probe.war");
        ResponsePathsGlassFish7IT.writeProbeWar(probeWar);
        server.builder.args("--deploy", probeWar.toString());
        server.builder.logDir(work);
        Containers.withJavaToolOptions(policy).accept(server.builder);
        RunningApp running = new RunningApp(server.builder.start(), server.httpPort).awaitServing();
        HttpResponse probe = Eventually.response(Duration.ofSeconds(90),
                () -> RawHttp.get("/probe/vary-origin.jsp").send(server.httpPort), r -> r.status() == 200);
        if (probe.status() != 200) {
            running.close();
            throw new AssertionError("probe.war not served within 90 s:\n" + probe);
        }
        return running;
    }

    @Test
    void anAnsweredPreflightFiresNoRequestEventInTheApp() throws InterruptedException {
        ResponsePathsGlassFish7IT.anAnsweredPreflightFiresNoRequestEvent(app);
    }

    @Override
    String notRunnableReason() {
        return PayaraMicro7IT.reasonNotRunnable();
    }
}
