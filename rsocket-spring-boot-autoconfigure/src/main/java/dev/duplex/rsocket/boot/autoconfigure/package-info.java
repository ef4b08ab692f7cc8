/**
 * Spring Boot auto-configuration for RSocket on the Duplex engine, in the style of Spring Boot's
 * own: {@link dev.duplex.rsocket.boot.autoconfigure.RSocketStrategiesAutoConfiguration} (codecs and
 * route matcher), {@link dev.duplex.rsocket.boot.autoconfigure.RSocketMessagingAutoConfiguration}
 * (the {@code @MessageMapping} handler) and
 * {@link dev.duplex.rsocket.boot.autoconfigure.RSocketRequesterAutoConfiguration} (the requester
 * builder) and {@link dev.duplex.rsocket.boot.autoconfigure.RSocketServerAutoConfiguration} (a
 * standalone server when {@code spring.rsocket.server.port} is set, configured by
 * {@link dev.duplex.rsocket.boot.autoconfigure.RSocketProperties}) and
 * {@link dev.duplex.rsocket.boot.autoconfigure.RSocketObservationAutoConfiguration} (observations
 * of requests with the {@code ObservationRegistry} bean), each backing off when the
 * application defines the bean itself, and the customizer callbacks they apply.
 */
@NullMarked
package dev.duplex.rsocket.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
