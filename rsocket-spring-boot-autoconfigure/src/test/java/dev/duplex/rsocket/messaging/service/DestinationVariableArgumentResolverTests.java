package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.DestinationVariable;

/**
 * Tests for {@link DestinationVariableArgumentResolver}; a port of Spring's
 * {@code DestinationVariableArgumentResolverTests}.
 */
class DestinationVariableArgumentResolverTests extends RSocketServiceArgumentResolverTestSupport {

  @Override
  protected RSocketServiceArgumentResolver initResolver() {
    return new DestinationVariableArgumentResolver();
  }

  @Test
  void variable() {
    String value = "foo";
    boolean resolved = execute(value, initMethodParameter(Service.class, "execute", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getRouteVariables()).containsExactly(value);
  }

  @Test
  void variableList() {
    List<String> values = Arrays.asList("foo", "bar", "baz");
    boolean resolved = execute(values, initMethodParameter(Service.class, "executeList", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getRouteVariables()).containsExactlyElementsOf(values);
  }

  @Test
  void variableArray() {
    String[] values = new String[] {"foo", "bar", "baz"};
    boolean resolved = execute(values, initMethodParameter(Service.class, "executeArray", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getRouteVariables()).containsExactly("foo", "bar", "baz");
  }

  @Test
  void notDestinationVariable() {
    MethodParameter parameter = initMethodParameter(Service.class, "executeNotAnnotated", 0);
    boolean resolved = execute("value", parameter);

    assertThat(resolved).isFalse();
  }

  @Test
  void ignoreNull() {
    boolean resolved = execute(null, initMethodParameter(Service.class, "execute", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getRouteVariables()).isEmpty();
    assertThat(getRequestValues().getPayloadValue()).isNull();
    assertThat(getRequestValues().getPayload()).isNull();
    assertThat(getRequestValues().getPayloadElementType()).isNull();
  }

  @SuppressWarnings("unused")
  private interface Service {

    void execute(@DestinationVariable String variable);

    void executeList(@DestinationVariable List<String> variables);

    void executeArray(@DestinationVariable String[] variables);

    void executeNotAnnotated(String variable);
  }
}
