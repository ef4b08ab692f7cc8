package dev.duplex.rsocket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

  @Test
  void tourPrintsTheFramesAndTheRouteReadBack(CapturedOutput output) {
    DemoApplication.main(new String[0]);

    assertThat(output).contains("SETUP stream=0 flags=- version=1.0 keepalive=20000ms")
        .contains("metadataMime=message/x.rsocket.composite-metadata.v0 dataMime=application/json")
        .contains("REQUEST_RESPONSE stream=1 flags=M metadata=20B data=17B")
        .contains("The responder reads route [greetings.hello] and data {\"name\":\"Duplex\"}");
  }
}
