package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The Jetty 12 distribution (jetty-home) with a JETTY_BASE made the way an operator makes one:
 * {@code start.jar --add-modules=http,<env>-deploy,security} plus a "shop" realm module, the WAR in
 * webapps/, and the agent only in JAVA_TOOL_OPTIONS.
 */
public final class JettyDistribution {
    private JettyDistribution() {
    }

    /** Starts {@code war} on the Jetty environment {@code environment} (ee8, ee10) of the distribution. */
    public static RunningApp start(String name, String environment, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        Path home = Artifacts.jettyHome();
        Path base = workDir.resolve("jetty-base");
        Files.createDirectories(base.resolve("modules"));
        Files.createDirectories(base.resolve("etc"));
        writeShopRealm(base);

        ChildJvm.Builder addModules = ChildJvm.builder(name + "-add-modules").logDir(workDir).workDir(base)
                .jar(home.resolve("start.jar"))
                .args("jetty.home=" + home, "jetty.base=" + base,
                        "--add-modules=http," + environment + "-deploy,security,shop-realm");
        try (ChildJvm setup = addModules.start()) {
            int exit = setup.waitForExit(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("start.jar --add-modules exited with " + exit + "\n" + setup.describe());
            }
        }
        Files.copy(war, base.resolve("webapps/shop.war"), StandardCopyOption.REPLACE_EXISTING);

        int port = Ports.free();
        ChildJvm.Builder server = ChildJvm.builder(name).logDir(workDir).workDir(base)
                .jar(home.resolve("start.jar"))
                .args("jetty.home=" + home, "jetty.base=" + base, "jetty.http.port=" + port);
        Containers.withJavaToolOptions(policy).accept(server);
        return new RunningApp(server.start(), port).awaitServing();
    }

    /** A module of the base: a HashLoginService named "shop" (the WAR's realm-name) with alice. */
    private static void writeShopRealm(Path base) throws IOException {
        Files.writeString(base.resolve("modules/shop-realm.mod"), String.join("\n",
                "[description]",
                "The shop WAR's BASIC realm: alice/secret with role cors-user.",
                "[depend]",
                "security",
                "[xml]",
                "etc/shop-realm.xml", ""), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("etc/shop-realm.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://jetty.org/configure_10_0.dtd\">",
                "<Configure id=\"Server\" class=\"org.eclipse.jetty.server.Server\">",
                "  <Call class=\"org.eclipse.jetty.util.resource.ResourceFactory\" name=\"of\">",
                "    <Arg><Ref refid=\"Server\"/></Arg>",
                "    <Call id=\"shopRealmFile\" name=\"newResource\">",
                "      <Arg><Property name=\"jetty.base\"/>/etc/shop-realm.properties</Arg>",
                "    </Call>",
                "  </Call>",
                "  <Call name=\"addBean\">",
                "    <Arg>",
                "      <New class=\"org.eclipse.jetty.security.HashLoginService\">",
                "        <Set name=\"name\">shop</Set>",
                "        <Set name=\"config\"><Ref refid=\"shopRealmFile\"/></Set>",
                "      </New>",
                "    </Arg>",
                "  </Call>",
                "</Configure>", ""), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("etc/shop-realm.properties"), "alice: secret,cors-user\n", StandardCharsets.UTF_8);
    }
}
