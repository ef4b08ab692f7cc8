package dev.duplex.rsocket.transport.local;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every in-JVM server and client shares, started when first used. Their threads
 * are daemons, so they never keep the JVM alive, and they are never shut down.
 */
final class LocalEventLoops {

  static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
      NettyRuntime.availableProcessors(), new DefaultThreadFactory("duplex-local", true),
      LocalIoHandler.newFactory());

  private LocalEventLoops() {
  }
}
