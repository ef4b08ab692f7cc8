package dev.duplex.rsocket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link LoadRun}.
 *
 * @param serverCpus the CPUs to pin the server JVM to with {@code taskset -c}, empty for none
 */
record LoadOptions(Duration warmup, Duration measure, List<String> scenarios,
    List<LoadImpl> impls, long streamItems, RouteCheck routeCheck, String serverCpus) {

  /** Every scenario, in the order they run. */
  static final List<String> SCENARIOS = List.of("rr1", "rr256", "stream", "fnf");

  /** How to call {@link LoadRun}. */
  static final String USAGE = String.join("\n",
      "usage: LoadRun [--warmup 5] [--measure 10] [--scenarios rr1,rr256,stream,fnf]",
      "               [--impls duplex,rsocket-java] [--stream-items 1000000]",
      "               [--route decode|match] [--server-cpus <taskset list, e.g. 1>]",
      "  --warmup, --measure  seconds per implementation and scenario",
      "  --scenarios          rr<N> is request-response with N in flight (rr1, rr256, rr16...)",
      "  --route              how servers check the route: decode it to a String, or match bytes",
      "  --server-cpus        pin the server JVM with taskset (pin this JVM with taskset too)");

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException if an option is unknown or its value is invalid
   */
  static LoadOptions parse(String... args) {
    Duration warmup = Duration.ofSeconds(5);
    Duration measure = Duration.ofSeconds(10);
    List<String> scenarios = SCENARIOS;
    List<LoadImpl> impls = List.of(LoadImpl.values());
    long streamItems = 1_000_000;
    RouteCheck routeCheck = RouteCheck.DECODE;
    String serverCpus = "";
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + ": missing value");
      }
      String value = args[i + 1];
      switch (name) {
        case "--warmup" -> warmup = seconds(name, value, 0);
        case "--measure" -> measure = seconds(name, value, 1);
        case "--scenarios" -> scenarios = scenarios(value);
        case "--impls" -> impls = impls(value);
        case "--stream-items" -> streamItems = positive(name, value);
        case "--route" -> routeCheck = RouteCheck.of(value);
        case "--server-cpus" -> serverCpus = value;
        default -> throw new IllegalArgumentException("unknown option: " + name);
      }
    }
    return new LoadOptions(warmup, measure, scenarios, impls, streamItems, routeCheck,
        serverCpus);
  }

  /** The scenario named {@code id}. */
  Scenario scenario(String id) {
    return switch (id) {
      case "stream" -> new StreamScenario(streamItems);
      case "fnf" -> new FireAndForgetScenario();
      default -> new RequestResponseScenario(Integer.parseInt(id.substring(2)));
    };
  }

  private static List<String> scenarios(String value) {
    List<String> scenarios = new ArrayList<>();
    for (String id : value.split(",")) {
      String trimmed = id.trim();
      if (!trimmed.matches("stream|fnf|rr[1-9][0-9]{0,5}")) {
        throw new IllegalArgumentException("--scenarios: " + trimmed
            + " (expected: rr1, rr256 or another rr<N>, stream, fnf)");
      }
      scenarios.add(trimmed);
    }
    return List.copyOf(scenarios);
  }

  private static List<LoadImpl> impls(String value) {
    List<LoadImpl> impls = new ArrayList<>();
    for (String id : value.split(",")) {
      impls.add(LoadImpl.of(id.trim()));
    }
    return List.copyOf(impls);
  }

  private static Duration seconds(String name, String value, long min) {
    long seconds = Long.parseLong(value);
    if (seconds < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
    return Duration.ofSeconds(seconds);
  }

  private static long positive(String name, String value) {
    long number = Long.parseLong(value.replace("_", ""));
    if (number < 1) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
    }
    return number;
  }
}
