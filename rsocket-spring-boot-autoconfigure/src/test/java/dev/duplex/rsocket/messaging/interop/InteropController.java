package dev.duplex.rsocket.messaging.interop;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The routes both interop directions serve: the same {@code @Controller} behind Spring's own
 * {@code RSocketMessageHandler} on rsocket-java and behind ours on the engine. Every reply names
 * the {@code note} metadata entry it saw, so a test proves the extra composite entry arrived.
 */
@Controller
class InteropController {

  /** What fire-and-forget received, as {@code "name/count/note"}. */
  final Sinks.Many<String> fireAndForget = Sinks.many().replay().all();

  /** The names whose endless stream the requester cancelled. */
  final Sinks.Many<String> cancelled = Sinks.many().replay().all();

  /** What SETUP with a {@code connect.{id}} route carried, as {@code "id/name/count/note"}. */
  final Sinks.Many<String> connected = Sinks.many().replay().all();

  /** The {@code note} entries of METADATA_PUSH frames routed to {@code note-update}. */
  final Sinks.Many<String> metadataPushed = Sinks.many().replay().all();

  @MessageMapping("greet")
  Greeting greet(Greeting greeting,
      @Header(name = "note", required = false) @Nullable String note) {
    return new Greeting("Hello " + greeting.name() + noted(note), greeting.count() + 1);
  }

  @MessageMapping("greet-stream")
  Flux<Greeting> greetStream(Greeting greeting,
      @Header(name = "note", required = false) @Nullable String note) {
    return Flux.range(0, greeting.count())
        .map(i -> new Greeting(greeting.name() + noted(note), i));
  }

  @MessageMapping("greet-channel")
  Flux<Greeting> greetChannel(Flux<Greeting> greetings,
      @Header(name = "note", required = false) @Nullable String note) {
    return greetings.map(g -> new Greeting(g.name().toUpperCase(Locale.ROOT) + noted(note), g.count() * 2));
  }

  /** Counts the channel's decoded input: the empty first payload must not be decoded. */
  @MessageMapping("greet-channel-count")
  Flux<Greeting> greetChannelCount(@Payload(required = false) Flux<Greeting> greetings) {
    return greetings.count().map(n -> new Greeting("received", n.intValue())).flux();
  }

  @MessageMapping("greet-forever")
  Flux<Greeting> greetForever(Greeting greeting) {
    return Flux.interval(Duration.ofMillis(5))
        .map(i -> new Greeting(greeting.name(), i.intValue()))
        .doOnCancel(() -> this.cancelled.tryEmitNext(greeting.name()));
  }

  @MessageMapping("greet-error")
  Mono<Greeting> greetError(Greeting greeting) {
    return Mono.error(new IllegalStateException("No greeting for " + greeting.name()));
  }

  @MessageMapping("greet-fnf")
  void greetFireAndForget(Greeting greeting,
      @Header(name = "note", required = false) @Nullable String note) {
    this.fireAndForget.tryEmitNext(greeting.name() + "/" + greeting.count() + "/" + note);
  }

  @MessageMapping("greet.{lang}")
  Greeting greetIn(@DestinationVariable String lang, Greeting greeting,
      @Header(name = "note", required = false) @Nullable String note) {
    String word = switch (lang) {
      case "fr" -> "Bonjour";
      case "de" -> "Hallo";
      default -> "Hello(" + lang + ")";
    };
    return new Greeting(word + " " + greeting.name() + noted(note), greeting.count());
  }

  @ConnectMapping("connect.{id}")
  void connect(@DestinationVariable String id, Greeting greeting,
      @Header(name = "note", required = false) @Nullable String note) {
    this.connected.tryEmitNext(id + "/" + greeting.name() + "/" + greeting.count() + "/" + note);
  }

  @ConnectMapping("note-update")
  void noteUpdate(@Header("note") String note) {
    this.metadataPushed.tryEmitNext(note);
  }

  /** Echoes the data bytes undecoded, so a test can check what the requester put on the wire. */
  @MessageMapping("raw")
  byte[] raw(byte[] data) {
    return data;
  }

  private static String noted(@Nullable String note) {
    return note != null ? " [" + note + "]" : "";
  }
}
