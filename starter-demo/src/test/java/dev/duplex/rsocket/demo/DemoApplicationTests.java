package dev.duplex.rsocket.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.boot.context.LocalRSocketServerPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The demo server on a random port, and the demo client driving every interaction against it. */
@SpringBootTest(properties = "spring.rsocket.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

  @LocalRSocketServerPort
  private int port;

  @Test
  void theClientDrivesEveryInteractionAndAnswersTheServersCallBack(CapturedOutput output) {
    DemoApplication.main(new String[] {"--demo.client", "--demo.server.port=" + port});

    assertThat(output)
        .contains("request-response: Greeting[name=Duplex, message=Hello, Duplex!]")
        .contains("request-response with a route variable: "
            + "Greeting[name=Duplex, message=Bonjour, Duplex!]")
        .contains("request-stream: Greeting[name=Duplex, message=Greeting #5 for Duplex]")
        .contains("request-channel: Greeting[name=Cy, message=Hi, Cy!]")
        .contains("The server called back: Welcome, demo-client")
        .contains("Every interaction worked");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
        .contains("Fire-and-forget received: the demo client was here")
        .contains("Metadata push received on route demo.announce")
        .contains("The client answered the call back: demo client, all well"));
  }
}
