package dev.duplex.rsocket.demo;

import dev.duplex.rsocket.boot.autoconfigure.RSocketServerAutoConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo: the RSocket server on {@code spring.rsocket.server.port} (7000), or with
 * {@code --demo.client} the client that talks to it and exits.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoClientProperties.class)
public class DemoApplication {

  /** Runs the server, or the client with {@code --demo.client}. */
  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(DemoApplication.class);
    boolean client = DemoClient.isClient(args);
    if (client) {
      // the client needs no server of its own
      application.setDefaultProperties(Map.of("spring.autoconfigure.exclude",
          RSocketServerAutoConfiguration.class.getName()));
    }
    ConfigurableApplicationContext context = application.run(args);
    if (client) {
      context.close();
    }
  }
}
