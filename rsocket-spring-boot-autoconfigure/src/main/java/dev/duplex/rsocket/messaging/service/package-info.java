/**
 * Client proxies for RSocket service interfaces declared with spring-messaging's
 * {@link org.springframework.messaging.rsocket.service.RSocketExchange @RSocketExchange}: Spring's
 * {@code org.springframework.messaging.rsocket.service} with the same type names, behaviour and
 * error messages, on the Duplex {@link dev.duplex.rsocket.messaging.RSocketRequester}.
 * {@link RSocketServiceProxyFactory} creates the proxy; each method is an
 * {@link RSocketServiceMethod} whose arguments {@link RSocketServiceArgumentResolver}s turn into
 * {@link RSocketRequestValues} (route variables, metadata entries, payload), and whose return type
 * picks the interaction.
 *
 * <p>Left out: Spring's AOT support ({@code RSocketExchangeBeanRegistrationAotProcessor} and
 * {@code RSocketExchangeReflectiveProcessor}, which register JDK proxy and reflection hints for
 * native images) and Kotlin suspending functions. Proxies are plain JDK dynamic proxies, so the
 * package needs neither spring-aop nor spring-context.
 */
@NullMarked
package dev.duplex.rsocket.messaging.service;

import org.jspecify.annotations.NullMarked;
