package dev.corsagent.it.browser;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** The browser tests against the shop (jakarta) on embedded Tomcat 10.1. */
class BrowserTomcat10IT extends BrowserCorsContract {
    @Override
    String name() {
        return "tomcat10";
    }

    @Override
    ShopServer.Container container() {
        return ShopServer.launcherJar(Artifacts.tomcat10Launcher());
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }
}
