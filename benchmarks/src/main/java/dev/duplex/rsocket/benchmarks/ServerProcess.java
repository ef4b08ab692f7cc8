package dev.duplex.rsocket.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadServer} in its own JVM, spawned with the same {@code java} and class path as this
 * one, asked for {@link ServerStats} over its stdin and stdout.
 */
final class ServerProcess implements AutoCloseable {

  /** The server JVM's options. */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx1g", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=disabled");

  /** Keeps SLF4J from warning that it has no provider (the benchmarks log nothing). */
  static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=ERROR";

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final int port;

  private ServerProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    this.port = Integer.parseInt(readLine("port "));
  }

  /**
   * Starts a server of {@code impl} checking routes with {@code routeCheck}, under
   * {@code taskset -c cpus} when {@code cpus} is not empty, and waits until it listens. The system
   * property {@code duplex.load.serverJvmArgs} adds JVM options (a profiler, a recording).
   */
  static ServerProcess start(LoadImpl impl, RouteCheck routeCheck, String cpus)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    String extra = System.getProperty("duplex.load.serverJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add(QUIET_SLF4J);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        LoadServer.class.getName(), impl.id(), "0", routeCheck.id()));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      return new ServerProcess(process);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The port the server listens on. */
  int port() {
    return port;
  }

  /** The server's figures now. */
  ServerStats stats() throws IOException {
    in.write("stats\n");
    in.flush();
    return ServerStats.parse("stats " + readLine("stats "));
  }

  /** Asks the server to quit, and kills it if it has not within 10 seconds. */
  @Override
  public void close() {
    try {
      in.write("quit\n");
      in.close();
    } catch (IOException e) {
      // it has gone already
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The rest of the next line starting with {@code prefix}; other lines are passed on. */
  private String readLine(String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
      System.err.println("[server] " + line);
    }
    throw new IOException("server exited (code " + exitCode() + ") before printing '"
        + prefix.trim() + "'");
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
