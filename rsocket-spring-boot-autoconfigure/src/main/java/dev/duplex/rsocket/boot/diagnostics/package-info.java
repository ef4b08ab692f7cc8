/**
 * Startup diagnostics: detecting Spring Boot's own RSocket support (rsocket-java) next to Duplex,
 * and the failure analysis that tells the user which dependency to remove.
 */
@NullMarked
package dev.duplex.rsocket.boot.diagnostics;

import org.jspecify.annotations.NullMarked;
