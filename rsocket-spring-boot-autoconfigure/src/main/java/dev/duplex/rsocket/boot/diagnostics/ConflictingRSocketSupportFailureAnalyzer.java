package dev.duplex.rsocket.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link ConflictingRSocketSupportException} with the dependency to remove. Registered in
 * {@code META-INF/spring.factories}.
 */
public class ConflictingRSocketSupportFailureAnalyzer
    extends AbstractFailureAnalyzer<ConflictingRSocketSupportException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure,
      ConflictingRSocketSupportException cause) {
    String description = "Spring Boot's own RSocket support is on the classpath next to Duplex "
        + "(found " + cause.getDetectedClass() + " from "
        + "org.springframework.boot:spring-boot-rsocket). Both configure spring.rsocket.* and would "
        + "each start a server and define RSocketStrategies and message handler beans.";
    String action = "Remove org.springframework.boot:spring-boot-starter-rsocket (and any direct "
        + "org.springframework.boot:spring-boot-rsocket dependency) from your build and keep "
        + "dev.duplex:rsocket-spring-boot-starter. Duplex provides the same programming model: "
        + "change imports from org.springframework.messaging.rsocket(.annotation.support) to "
        + "dev.duplex.rsocket.messaging(.annotation.support); the class names are the same.";
    return new FailureAnalysis(description, action, cause);
  }
}
