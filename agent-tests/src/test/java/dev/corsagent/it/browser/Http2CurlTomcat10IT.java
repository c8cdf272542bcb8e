package dev.corsagent.it.browser;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** The h2 vectors with curl --http2 against the jakarta shop on embedded Tomcat 10.1 (Http2Protocol on its TLS connector). */
class Http2CurlTomcat10IT extends Http2CurlContract {
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
