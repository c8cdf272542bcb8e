package dev.corsagent.it;

/** Spring Boot 3 fat jar (jakarta, embedded Tomcat 10.1, LaunchedClassLoader), agent via -javaagent. */
class SpringBoot3IT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot3.jar";
    }
}
