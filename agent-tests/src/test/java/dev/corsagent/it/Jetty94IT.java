package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.CorsAssertions.assertVary;
import static dev.corsagent.it.support.RawHttp.get;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * Jetty 9.4 from the jetty-home distribution with the javax shop WAR in a fresh jetty base
 * (modules http, deploy, webapp, security; the "shop" realm a HashLoginService set in the context
 * XML), started as {@code java -jar start.jar} with the agent only in JAVA_TOOL_OPTIONS.
 */
class Jetty94IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        Path home = jettyHome();
        Path base = workDir.resolve("jetty-base");
        Files.createDirectories(base.resolve("webapps"));
        int port = Ports.free();
        Files.writeString(base.resolve("start.ini"), String.join("\n",
                "--module=server,http,deploy,webapp,security",
                "jetty.http.port=" + port,
                "jetty.http.host=127.0.0.1", ""), StandardCharsets.UTF_8);
        Path war = Files.copy(Artifacts.javaxWar(), base.resolve("shop.war"), StandardCopyOption.REPLACE_EXISTING);
        Path realm = base.resolve("realm.properties");
        Files.writeString(realm, "alice: secret,cors-user\n", StandardCharsets.UTF_8);
        Files.writeString(base.resolve("webapps/shop.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"http://www.eclipse.org/jetty/configure_9_3.dtd\">",
                "<Configure class=\"org.eclipse.jetty.webapp.WebAppContext\">",
                "  <Set name=\"contextPath\">/shop</Set>",
                "  <Set name=\"war\">" + war + "</Set>",
                "  <Get name=\"securityHandler\">",
                "    <Set name=\"loginService\">",
                "      <New class=\"org.eclipse.jetty.security.HashLoginService\">",
                "        <Set name=\"name\">shop</Set>",
                "        <Set name=\"config\">" + realm + "</Set>",
                "      </New>",
                "    </Set>",
                "  </Get>",
                "</Configure>", ""), StandardCharsets.UTF_8);
        ChildJvm.Builder builder = ChildJvm.builder("jetty94").logDir(workDir).workDir(base)
                .jar(home.resolve("start.jar"))
                .args("jetty.home=" + home, "jetty.base=" + base);
        Containers.withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), port).awaitServing();
    }

    /**
     * The contract's check, except that Jetty 9.4 writes its challenge as {@code basic realm="shop"}:
     * the auth scheme is case-insensitive (RFC 9110 11.1), so the scheme is compared ignoring case.
     */
    @Override
    @Test
    void containerAuthentication401CarriesTheGrant() {
        HttpResponse r = send(get("/shop/secure/data").origin(APP_ORIGIN));

        assertStatus(401, r);
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.regionMatches(true, 0, "Basic ", 0, 6),
                () -> "the container's BASIC challenge expected\n" + r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertVary(r, "Origin");
    }

    /** The unpacked jetty-home 9.4 (target/dist, set by the failsafe configuration). */
    static Path jettyHome() {
        String dir = System.getProperty("jetty94.home");
        if (dir == null) {
            throw new IllegalStateException("system property jetty94.home is not set; run through Maven");
        }
        return Paths.get(dir).toAbsolutePath();
    }
}
