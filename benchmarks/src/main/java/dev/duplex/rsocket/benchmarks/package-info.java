/**
 * Duplex and rsocket-java measured side by side in one run: JMH benchmarks ({@code java -jar
 * benchmarks/target/benchmarks.jar}) and a load generator with the server in its own JVM
 * ({@link dev.duplex.rsocket.benchmarks.LoadRun}). They run by hand, never in the test suite.
 */
@NullMarked
package dev.duplex.rsocket.benchmarks;

import org.jspecify.annotations.NullMarked;
