package dev.corsagent.it.browser;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** The browser tests against the shop (javax) on embedded Tomcat 9. */
class BrowserTomcat9IT extends BrowserCorsContract {
    @Override
    String name() {
        return "tomcat9";
    }

    @Override
    ShopServer.Container container() {
        return ShopServer.launcherJar(Artifacts.tomcat9Launcher());
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }
}
