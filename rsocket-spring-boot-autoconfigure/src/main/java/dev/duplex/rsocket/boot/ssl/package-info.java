/**
 * TLS for the Duplex transports from Spring Boot's SSL bundles.
 */
@NullMarked
package dev.duplex.rsocket.boot.ssl;

import org.jspecify.annotations.NullMarked;
