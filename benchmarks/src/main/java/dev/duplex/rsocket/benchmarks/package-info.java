/**
 * JMH benchmarks that measure Duplex and rsocket-java side by side in one run. They run by hand
 * ({@code java -jar benchmarks/target/benchmarks.jar}), never in the test suite.
 */
@NullMarked
package dev.duplex.rsocket.benchmarks;

import org.jspecify.annotations.NullMarked;
