package dev.duplex.rsocket.messaging.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;
import reactor.test.StepVerifier;

/** Argument resolution with RSocketMessageHandler over TCP: conversion, headers, validation. */
class RSocketMessageHandlerArgumentsTests {

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
  void destinationVariablesAreConverted() {
    StepVerifier.create(requester.route("items.{id}", 42).data("").retrieveMono(String.class))
        .expectNext("item 42 of type Integer")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void typeAndMethodMappingsCombine() {
    StepVerifier.create(requester.route("shop.open").data("").retrieveMono(String.class))
        .expectNext("open")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void headersHoldTheFrameType() {
    StepVerifier.create(requester.route("headers").data("").retrieveMono(String.class))
        .expectNext("frame type REQUEST_RESPONSE")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aValidatedPayloadIsChecked() {
    StepVerifier.create(requester.route("validated").data("fine").retrieveMono(String.class))
        .expectNext("valid fine")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(requester.route("validated").data("   ").retrieveMono(String.class))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessageContaining("blank"))
        .verify(Duration.ofSeconds(5));
  }

  @Controller
  static class ArgumentsController {

    @MessageMapping("items.{id}")
    String item(@DestinationVariable Integer id) {
      return "item " + id + " of type " + id.getClass().getSimpleName();
    }

    @MessageMapping("headers")
    String headers(@Headers Map<String, Object> headers) {
      return "frame type " + headers.get(RSocketFrameTypeMessageCondition.FRAME_TYPE_HEADER);
    }

    @MessageMapping("validated")
    String validated(@Validated @Payload String text) {
      return "valid " + text;
    }
  }

  @Controller
  @MessageMapping("shop")
  static class ShopController {

    @MessageMapping("open")
    String open() {
      return "open";
    }
  }

  /** Refuses blank strings. */
  static class NotBlankValidator implements Validator {

    @Override
    public boolean supports(Class<?> clazz) {
      return String.class.equals(clazz);
    }

    @Override
    public void validate(Object target, Errors errors) {
      if (((String) target).isBlank()) {
        errors.reject("blank", "the text is blank");
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {

    @Bean
    ArgumentsController argumentsController() {
      return new ArgumentsController();
    }

    @Bean
    ShopController shopController() {
      return new ShopController();
    }

    @Bean
    RSocketStrategies rsocketStrategies() {
      return RSocketStrategies.create();
    }

    @Bean
    RSocketMessageHandler messageHandler(RSocketStrategies strategies) {
      RSocketMessageHandler handler = new RSocketMessageHandler();
      handler.setRSocketStrategies(strategies);
      handler.setValidator(new NotBlankValidator());
      return handler;
    }
  }
}
