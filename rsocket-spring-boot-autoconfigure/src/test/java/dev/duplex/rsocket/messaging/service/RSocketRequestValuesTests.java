package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;

/** Tests for {@link RSocketRequestValues}; a port of Spring's {@code RSocketRequestValuesTests}. */
class RSocketRequestValuesTests {

  @Test
  void route() {
    RSocketRequestValues values = RSocketRequestValues.builder("myRoute").build();
    assertThat(values.getRoute()).isEqualTo("myRoute");
  }

  @Test
  void blankRouteIsNoRoute() {
    assertThat(RSocketRequestValues.builder(" ").build().getRoute()).isNull();
    assertThat(RSocketRequestValues.builder(null).build().getRouteVariables()).isEmpty();
  }

  @Test
  void routeOverrideClearsRouteVariables() {
    RSocketRequestValues values = RSocketRequestValues.builder("route1")
        .addRouteVariable("v1")
        .setRoute("route2")
        .build();

    assertThat(values.getRoute()).isEqualTo("route2");
    assertThat(values.getRouteVariables()).isEmpty();
  }

  @Test
  void payloadValue() {
    String payload = "myValue";
    RSocketRequestValues values = RSocketRequestValues.builder(null).setPayloadValue(payload).build();

    assertThat(values.getPayloadValue()).isEqualTo(payload);
    assertThat(values.getPayload()).isNull();
  }

  @Test
  void payloadPublisher() {
    Mono<String> payloadMono = Mono.just("myValue");
    RSocketRequestValues values = RSocketRequestValues.builder(null)
        .setPayload(payloadMono, new ParameterizedTypeReference<>() { })
        .build();

    assertThat(values.getPayloadValue()).isNull();
    assertThat(values.getPayload()).isSameAs(payloadMono);
  }

  @Test
  void payloadValueAndPublisherAreExclusive() {
    RSocketRequestValues values = RSocketRequestValues.builder(null)
        .setPayload(Mono.just("a"), new ParameterizedTypeReference<String>() { })
        .setPayloadValue("b")
        .build();

    assertThat(values.getPayloadValue()).isEqualTo("b");
    assertThat(values.getPayload()).isNull();
    assertThat(values.getPayloadElementType()).isNull();
  }

  @Test
  void metadata() {
    RSocketRequestValues values = RSocketRequestValues.builder(null)
        .addMetadata("myMetadata1").addMimeType(MimeTypeUtils.TEXT_PLAIN)
        .addMetadata("myMetadata2").addMimeType(MimeTypeUtils.TEXT_HTML)
        .build();

    assertThat(values.getMetadata())
        .hasSize(2)
        .containsEntry("myMetadata1", MimeTypeUtils.TEXT_PLAIN)
        .containsEntry("myMetadata2", MimeTypeUtils.TEXT_HTML);
  }

  @Test
  void metadataInvalidEntry() {
    // MimeType without metadata
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequestValues.builder(null).addMimeType(MimeTypeUtils.TEXT_PLAIN))
        .withMessage("Invalid state: metadata=[], mimeTypes=[]");

    // Metadata without MimeType
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequestValues.builder(null)
            .addMetadata("metadata1")
            .addMetadata("metadata2"))
        .withMessage("Invalid state: metadata=[metadata1], mimeTypes=[]");
  }
}
