package dev.duplex.rsocket.boot.diagnostics;

/**
 * Thrown at startup when Spring Boot's own RSocket auto-configuration is on the classpath next to
 * Duplex; {@link ConflictingRSocketSupportFailureAnalyzer} turns it into the action to take.
 */
public class ConflictingRSocketSupportException extends IllegalStateException {

  private final String detectedClass;

  /** Creates the exception for the Spring Boot RSocket class that was found. */
  public ConflictingRSocketSupportException(String detectedClass) {
    super("Spring Boot's own RSocket support (" + detectedClass + " from "
        + "org.springframework.boot:spring-boot-rsocket) is on the classpath next to Duplex; both "
        + "configure spring.rsocket.*. Remove spring-boot-starter-rsocket (or spring-boot-rsocket) "
        + "from the dependencies and keep dev.duplex:rsocket-spring-boot-starter");
    this.detectedClass = detectedClass;
  }

  /** The Spring Boot RSocket class that was found on the classpath. */
  public String getDetectedClass() {
    return this.detectedClass;
  }
}
