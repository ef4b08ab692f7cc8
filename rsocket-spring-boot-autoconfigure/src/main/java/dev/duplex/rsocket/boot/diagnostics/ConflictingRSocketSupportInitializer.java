package dev.duplex.rsocket.boot.diagnostics;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Stops the application before any bean is defined when Spring Boot's own RSocket
 * auto-configuration ({@code org.springframework.boot:spring-boot-rsocket}, brought by
 * {@code spring-boot-starter-rsocket}) is on the classpath next to Duplex. Both read
 * {@code spring.rsocket.*} and both would start a server on {@code spring.rsocket.server.port} and
 * define {@code RSocketStrategies} and message handler beans of different types, so running them
 * side by side is never what the user meant; failing fast with the dependency to remove beats a bind
 * conflict or a bean-overriding error later. Registered in {@code META-INF/spring.factories}.
 */
public class ConflictingRSocketSupportInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** A class that exists only in Spring Boot's RSocket module. */
  static final String SPRING_BOOT_RSOCKET_AUTO_CONFIGURATION =
      "org.springframework.boot.rsocket.autoconfigure.RSocketStrategiesAutoConfiguration";

  @Override
  public void initialize(ConfigurableApplicationContext applicationContext) {
    if (ClassUtils.isPresent(SPRING_BOOT_RSOCKET_AUTO_CONFIGURATION,
        applicationContext.getClassLoader())) {
      throw new ConflictingRSocketSupportException(SPRING_BOOT_RSOCKET_AUTO_CONFIGURATION);
    }
  }
}
