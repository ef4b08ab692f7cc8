package dev.duplex.rsocket.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads Duplex and rsocket-java side by side: for each scenario and implementation, a fresh
 * server JVM ({@link LoadServer}) and one TCP connection from this JVM on 127.0.0.1; prints a
 * Markdown row per result and the whole table at the end.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.duplex.rsocket.benchmarks.LoadRun \
 *     [--warmup 5] [--measure 10] [--scenarios rr1,rr256,stream,fnf] \
 *     [--impls duplex,rsocket-java] [--stream-items 1000000] [--route decode|match] \
 *     [--server-cpus 1]
 * </pre>
 *
 * Server CPU is the server process's CPU time (event loops, GC and JIT included) and allocation
 * the bytes its threads allocated, both over the measured window, divided by the messages its
 * responder handled (requests, fire-and-forgets, stream items).
 */
public final class LoadRun {

  private LoadRun() {
  }

  /** Runs every selected scenario for every selected implementation. */
  public static void main(String[] args) {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    System.out.printf(Locale.ROOT, "LoadRun: warmup %d s, measure %d s, route check %s, "
            + "server JVM %s%s, Java %s, %d CPUs%n",
        options.warmup().toSeconds(), options.measure().toSeconds(), options.routeCheck().id(),
        String.join(" ", ServerProcess.JVM_OPTIONS),
        options.serverCpus().isEmpty() ? "" : " on CPUs " + options.serverCpus(),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.println();
    System.out.println(LoadResult.HEADER);
    List<LoadResult> results = new ArrayList<>();
    for (String id : options.scenarios()) {
      Scenario scenario = options.scenario(id);
      for (LoadImpl impl : options.impls()) {
        LoadResult result = run(impl, scenario, options);
        results.add(result);
        System.out.println(result.row());
      }
    }
    System.out.println();
    System.out.println(LoadResult.table(results));
    System.exit(0);
  }

  private static LoadResult run(LoadImpl impl, Scenario scenario, LoadOptions options) {
    try (ServerProcess server = ServerProcess.start(impl, options.routeCheck(),
        options.serverCpus());
        LoadClient client = impl.connect(server.port())) {
      return scenario.run(impl, client, server, options.warmup(), options.measure());
    } catch (Exception e) {
      e.printStackTrace();
      return LoadResult.failed(impl.id(), scenario.label(), e);
    }
  }
}
