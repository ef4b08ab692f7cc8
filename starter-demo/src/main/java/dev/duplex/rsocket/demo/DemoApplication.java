package dev.duplex.rsocket.demo;

import dev.duplex.rsocket.boot.autoconfigure.RSocketServerAutoConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo: the WebFlux server on {@code server.port} (8080) with the page and the RSocket
 * WebSocket route {@code /rsocket}, and the TCP RSocket server of
 * {@code spring.rsocket.server.listeners[0]} (7000); or with {@code --demo.client} the client that
 * talks to the TCP server and exits.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoClientProperties.class)
public class DemoApplication {

  /** Runs the servers, or the client with {@code --demo.client}. */
  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(DemoApplication.class);
    boolean client = DemoClient.isClient(args);
    if (client) {
      // the client needs no server of its own, neither RSocket nor web
      application.setDefaultProperties(Map.of(
          "spring.autoconfigure.exclude", RSocketServerAutoConfiguration.class.getName(),
          "spring.main.web-application-type", "none"));
    }
    ConfigurableApplicationContext context = application.run(args);
    if (client) {
      context.close();
    }
  }
}
