package dev.duplex.rsocket.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routed request-response round trip (32 bytes of data, a routing tag in composite metadata)
 * over TCP on 127.0.0.1, client and server in this JVM, with Duplex and with rsocket-java
 * (zero-copy). Run with {@code -prof gc}: bytes/op is what client and server together allocate
 * per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dio.netty.leakDetection.level=disabled",
    "-Dslf4j.internal.verbosity=ERROR"})
public class RoundTripBenchmark {

  @Param({"duplex", "rsocket-java"})
  public String impl;

  private @Nullable BoundLoadServer server;
  private @Nullable LoadClient client;
  private final Response response = new Response();

  @Setup(Level.Trial)
  public void connect() {
    LoadImpl loadImpl = LoadImpl.of(impl);
    BoundLoadServer server = loadImpl.serve(0, RouteCheck.DECODE, new LongAdder());
    this.server = server;
    this.client = loadImpl.connect(server.port());
  }

  @TearDown(Level.Trial)
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public void requestResponse() {
    LoadClient client = this.client;
    if (client == null) {
      throw new IllegalStateException("not connected");
    }
    response.await(client);
  }

  /** Waits for one response on the benchmark thread, allocating nothing itself. */
  private static final class Response implements LoadClient.Done {

    private volatile boolean done;
    private volatile @Nullable Throwable error;
    private volatile @Nullable Thread waiter;

    void await(LoadClient client) {
      done = false;
      waiter = Thread.currentThread();
      client.requestResponse(this);
      while (!done) {
        LockSupport.park(this);
      }
      Throwable failure = error;
      if (failure != null) {
        throw new IllegalStateException("request-response failed", failure);
      }
    }

    @Override
    public void done(@Nullable Throwable error) {
      this.error = error;
      this.done = true;
      LockSupport.unpark(waiter);
    }
  }
}
