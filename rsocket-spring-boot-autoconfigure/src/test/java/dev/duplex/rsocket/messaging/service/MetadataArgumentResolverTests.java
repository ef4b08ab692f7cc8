package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Tests for {@link MetadataArgumentResolver}; a port of Spring's
 * {@code MetadataArgumentResolverTests}.
 */
class MetadataArgumentResolverTests extends RSocketServiceArgumentResolverTestSupport {

  @Override
  protected RSocketServiceArgumentResolver initResolver() {
    return new MetadataArgumentResolver();
  }

  @Test
  void metadata() {
    MethodParameter param1 = initMethodParameter(Service.class, "execute", 0);
    MethodParameter param2 = initMethodParameter(Service.class, "execute", 1);
    MethodParameter param3 = initMethodParameter(Service.class, "execute", 2);
    MethodParameter param4 = initMethodParameter(Service.class, "execute", 3);

    assertThat(execute("foo", param1)).isTrue();
    assertThat(execute(MimeTypeUtils.APPLICATION_JSON, param2)).isTrue();

    assertThat(execute("bar", param3)).isTrue();
    assertThat(execute(MimeTypeUtils.APPLICATION_XML, param4)).isTrue();

    Map<Object, MimeType> expected = new LinkedHashMap<>();
    expected.put("foo", MimeTypeUtils.APPLICATION_JSON);
    expected.put("bar", MimeTypeUtils.APPLICATION_XML);

    assertThat(getRequestValues().getMetadata()).containsExactlyEntriesOf(expected);
  }

  @Test
  void notMetadata() {
    assertThat(execute("foo", initMethodParameter(Service.class, "executeNotAnnotated", 0)))
        .isFalse();
    assertThat(execute("bar", initMethodParameter(Service.class, "executeNotAnnotated", 1)))
        .isFalse();
  }

  @Test
  void missingValues() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(null, initMethodParameter(Service.class, "execute", 0)))
        .withMessage("MimeType parameter is required");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(null, initMethodParameter(Service.class, "execute", 1)))
        .withMessage("MimeType parameter is required");
  }

  @Test
  void mimeTypeWithoutPrecedingMetadata() {
    assertThatIllegalStateException()
        .isThrownBy(() -> execute(MimeTypeUtils.TEXT_PLAIN,
            initMethodParameter(Service.class, "executeMimeTypeFirst", 0)))
        .withMessage("MimeType parameter should have preceding metadata object parameter");
  }

  @SuppressWarnings("unused")
  private interface Service {

    void execute(String metadata1, MimeType mimeType1, String metadata2, MimeType mimeType2);

    void executeNotAnnotated(String foo, String bar);

    void executeMimeTypeFirst(MimeType mimeType, String metadata);
  }
}
