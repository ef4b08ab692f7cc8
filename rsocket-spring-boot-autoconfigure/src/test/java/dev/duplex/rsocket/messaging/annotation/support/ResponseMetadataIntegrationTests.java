package dev.duplex.rsocket.messaging.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.ResponseMetadata;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Response metadata from a handler to the requester, over TCP (spring-framework#27478). */
class ResponseMetadataIntegrationTests {

  private static final MimeType NOTE = MimeTypeUtils.parseMimeType("text/x.note");

  private static AnnotationConfigApplicationContext context;
  private static BoundServer server;
  private static RSocketRequester requester;

  @BeforeAll
  static void start() {
    context = new AnnotationConfigApplicationContext(Config.class);
    server = RSocketServer.create(context.getBean(RSocketMessageHandler.class).responder())
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(Duration.ofSeconds(5));
    requester = RSocketRequester.builder()
        .rsocketStrategies(context.getBean(RSocketStrategies.class))
        .tcp("127.0.0.1", ((InetSocketAddress) server.address()).getPort());
  }

  @AfterAll
  static void stop() {
    requester.dispose();
    server.dispose();
    context.close();
  }

  @Test
  void aHandlerSendsMetadataBackWithItsResponse() {
    StepVerifier.create(requester.route("with-metadata").data("Ann")
            .retrieveResponse(String.class))
        .assertNext(response -> {
          assertThat(response.data()).isEqualTo("Hello, Ann");
          assertThat(response.metadata()).containsEntry("note", "greeted Ann");
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void entriesAddedWhileTheAnswerIsComputedAreSent() {
    StepVerifier.create(requester.route("with-metadata-async").data("Bo")
            .retrieveResponse(String.class))
        .assertNext(response -> {
          assertThat(response.data()).isEqualTo("Hi, Bo");
          assertThat(response.metadata()).containsEntry("note", "late note for Bo");
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aResponseWithoutMetadataHasAnEmptyMap() {
    StepVerifier.create(requester.route("plain").data("Cy").retrieveResponse(String.class))
        .assertNext(response -> {
          assertThat(response.data()).isEqualTo("plain Cy");
          assertThat(response.metadata()).doesNotContainKey("note");
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void metadataThatCannotBeEncodedFailsTheRequestWithoutLeaking() {
    StepVerifier.create(requester.route("bad-metadata").data("Di").retrieveMono(String.class))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessageContaining("No encoder"))
        .verify(Duration.ofSeconds(5));
  }

  @Controller
  static class MetadataController {

    @MessageMapping("with-metadata")
    String withMetadata(String name, ResponseMetadata metadata) {
      metadata.add("greeted " + name, NOTE);
      return "Hello, " + name;
    }

    @MessageMapping("with-metadata-async")
    Mono<String> withMetadataAsync(String name, ResponseMetadata metadata) {
      return Mono.delay(Duration.ofMillis(5)).map(tick -> {
        metadata.add("late note for " + name, NOTE);
        return "Hi, " + name;
      });
    }

    @MessageMapping("plain")
    String plain(String name) {
      return "plain " + name;
    }

    @MessageMapping("bad-metadata")
    String badMetadata(String name, ResponseMetadata metadata) {
      metadata.add(new Object(), NOTE);
      return "never sent";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {

    @Bean
    MetadataController metadataController() {
      return new MetadataController();
    }

    @Bean
    RSocketStrategies rsocketStrategies() {
      return RSocketStrategies.builder()
          .metadataExtractorRegistry(registry ->
              registry.metadataToExtract(NOTE, String.class, "note"))
          .build();
    }

    @Bean
    RSocketMessageHandler messageHandler(RSocketStrategies strategies) {
      RSocketMessageHandler handler = new RSocketMessageHandler();
      handler.setRSocketStrategies(strategies);
      return handler;
    }
  }
}
