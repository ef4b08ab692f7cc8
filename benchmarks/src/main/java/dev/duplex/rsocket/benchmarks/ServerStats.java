package dev.duplex.rsocket.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load server has spent so far: process CPU time, bytes allocated by its live threads, and
 * messages its responder handled. Sent as one line, {@code stats <cpuNanos> <allocatedBytes>
 * <messages>}.
 *
 * <p>Allocation is summed over the threads alive at the snapshot, so a thread that died in between
 * takes its bytes with it; the servers serve from long-lived event loops.
 */
record ServerStats(long cpuNanos, long allocatedBytes, long messages) {

  private static final String PREFIX = "stats ";

  /** This process's figures now, {@code messages} being the responder's counter. */
  static ServerStats measure(LongAdder messages) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    long allocated = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (bytes > 0) {
        allocated += bytes;
      }
    }
    long cpu = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return new ServerStats(cpu, allocated, messages.sum());
  }

  /** Whether {@code line} is a stats line. */
  static boolean isStatsLine(String line) {
    return line.startsWith(PREFIX);
  }

  /** Parses a line written by {@link #toLine()}. */
  static ServerStats parse(String line) {
    String[] fields = line.trim().split(" ");
    if (fields.length != 4 || !isStatsLine(line)) {
      throw new IllegalArgumentException("stats line: '" + line
          + "' (expected: stats <cpuNanos> <allocatedBytes> <messages>)");
    }
    return new ServerStats(Long.parseLong(fields[1]), Long.parseLong(fields[2]),
        Long.parseLong(fields[3]));
  }

  /** The line the server prints. */
  String toLine() {
    return PREFIX + cpuNanos + " " + allocatedBytes + " " + messages;
  }

  /** What was spent between {@code earlier} and this snapshot. */
  ServerStats minus(ServerStats earlier) {
    return new ServerStats(cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes,
        messages - earlier.messages);
  }

  /** CPU microseconds per message, NaN without messages. */
  double cpuMicrosPerMessage() {
    return messages == 0 ? Double.NaN : cpuNanos / 1000.0 / messages;
  }

  /** Bytes allocated per message, NaN without messages. */
  double bytesPerMessage() {
    return messages == 0 ? Double.NaN : (double) allocatedBytes / messages;
  }
}
