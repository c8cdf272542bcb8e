package dev.corsagent.it;

/** Spring Boot 2.7 fat jar (javax, embedded Tomcat 9, LaunchedURLClassLoader), agent via -javaagent. */
class SpringBoot2IT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot2.jar";
    }
}
