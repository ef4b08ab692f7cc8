package dev.duplex.rsocket.boot.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.duplex.rsocket.messaging.RSocketStrategies;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot's own RSocket module ({@code spring-boot-rsocket}, on rsocket-java) next to Duplex
 * stops the application at once, with a failure analysis naming the dependency to remove. The
 * module's real jar is kept off the test class path (every other Spring Boot test would fail) and
 * put on a child class loader here; the build passes its path in {@code spring-boot-rsocket.jar}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConflictingRSocketSupportTests {

  @Test
  void springBootsRSocketModuleIsNotOnTheTestClassPath() {
    assertThat(ClassUtils.isPresent(
        ConflictingRSocketSupportInitializer.SPRING_BOOT_RSOCKET_AUTO_CONFIGURATION,
        getClass().getClassLoader())).isFalse();
  }

  @Test
  void startupFailsWhenSpringBootsRSocketModuleIsPresent(CapturedOutput output)
      throws IOException {
    try (URLClassLoader classLoader = withSpringBootRSocket()) {
      SpringApplication application = application(classLoader);

      assertThatExceptionOfType(ConflictingRSocketSupportException.class)
          .isThrownBy(application::run)
          .withMessageContaining("org.springframework.boot:spring-boot-rsocket")
          .withMessageContaining("Remove spring-boot-starter-rsocket")
          .satisfies(e -> assertThat(e.getDetectedClass()).isEqualTo(
              "org.springframework.boot.rsocket.autoconfigure.RSocketStrategiesAutoConfiguration"));
    }
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Spring Boot's own RSocket support is on the classpath next to Duplex")
        .contains("Remove org.springframework.boot:spring-boot-starter-rsocket");
  }

  @Test
  void withoutSpringBootsRSocketModuleTheApplicationStarts() {
    SpringApplication application = application(getClass().getClassLoader());

    try (ConfigurableApplicationContext context = application.run()) {
      assertThat(context.getBean(RSocketStrategies.class)).isNotNull();
    }
  }

  @Test
  void failureAnalysisNamesTheDependencyToRemoveAndTheImportsToChange() {
    FailureAnalysis analysis = new ConflictingRSocketSupportFailureAnalyzer()
        .analyze(new ConflictingRSocketSupportException("org.example.Detected"));

    assertThat(analysis.getDescription()).contains("found org.example.Detected");
    assertThat(analysis.getAction())
        .contains("Remove org.springframework.boot:spring-boot-starter-rsocket")
        .contains("dev.duplex:rsocket-spring-boot-starter")
        .contains("dev.duplex.rsocket.messaging");
  }

  private static SpringApplication application(ClassLoader classLoader) {
    SpringApplication application =
        new SpringApplication(new DefaultResourceLoader(classLoader), Application.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    return application;
  }

  private URLClassLoader withSpringBootRSocket() throws IOException {
    String jar = System.getProperty("spring-boot-rsocket.jar");
    assertThat(jar).as("system property spring-boot-rsocket.jar (set by the build)").isNotBlank();
    Path path = Path.of(jar);
    assertThat(Files.isRegularFile(path)).as(jar).isTrue();
    return new URLClassLoader(new URL[] {path.toUri().toURL()}, getClass().getClassLoader());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
  }
}
