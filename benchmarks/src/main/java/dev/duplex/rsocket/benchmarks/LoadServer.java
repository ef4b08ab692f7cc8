package dev.duplex.rsocket.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server JVM of a load run: {@code LoadServer <duplex|rsocket-java> <port> [decode|match]}.
 *
 * <p>Binds 127.0.0.1 (port 0 for any), prints {@code port <n>}, then answers each {@code stats}
 * line on stdin with one {@link ServerStats} line on stdout; exits on {@code quit} or the end of
 * stdin.
 */
public final class LoadServer {

  private LoadServer() {
  }

  /** Runs a server until stdin says {@code quit} or ends. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: LoadServer <duplex|rsocket-java> <port> [decode|match]");
      System.exit(2);
    }
    LoadImpl impl = LoadImpl.of(args[0]);
    RouteCheck routeCheck = args.length > 2 ? RouteCheck.of(args[2]) : RouteCheck.DECODE;
    LongAdder messages = new LongAdder();
    BoundLoadServer server = impl.serve(Integer.parseInt(args[1]), routeCheck, messages);
    PrintStream out = System.out;
    out.println("port " + server.port());
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    for (String line = in.readLine(); line != null && !line.trim().equals("quit");
        line = in.readLine()) {
      if (line.trim().equals("stats")) {
        out.println(ServerStats.measure(messages).toLine());
        out.flush();
      } else if (!line.isBlank()) {
        System.err.println("LoadServer: unknown command '" + line + "' (expected: stats or quit)");
      }
    }
    server.close();
    System.exit(0);
  }
}
