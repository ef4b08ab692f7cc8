package dev.duplex.rsocket.boot.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the RSocket server actually listens on, {@code local.rsocket.server.port}; a
 * shortcut for {@code @Value("${local.rsocket.server.port}")}, typically in a
 * {@code @SpringBootTest} with {@code spring.rsocket.server.port=0}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER,
    ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.rsocket.server.port}")
public @interface LocalRSocketServerPort {
}
