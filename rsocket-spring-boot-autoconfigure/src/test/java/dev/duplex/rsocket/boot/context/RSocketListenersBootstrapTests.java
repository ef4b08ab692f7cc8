package dev.duplex.rsocket.boot.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Tests for {@link RSocketListenersBootstrap}. */
class RSocketListenersBootstrapTests {

  private final SocketAcceptor acceptor = (setup, requester) -> {
    throw new UnsupportedOperationException("no connection expected");
  };

  @Test
  void startsEachServerPublishingAnEventWithItsNamespaceThenStopsThem() {
    StubServer first = new StubServer(false);
    StubServer second = new StubServer(false);
    List<RSocketServerInitializedEvent> events = new ArrayList<>();
    RSocketListenersBootstrap bootstrap = new RSocketListenersBootstrap(List.of(
        new RSocketServerBootstrap(acceptor -> first, this.acceptor, "listeners[0]"),
        new RSocketServerBootstrap(acceptor -> second, this.acceptor, "listeners[1]")));
    bootstrap.setApplicationEventPublisher(
        event -> events.add((RSocketServerInitializedEvent) event));

    assertThat(bootstrap.isRunning()).isFalse();
    bootstrap.start();

    assertThat(bootstrap.isRunning()).isTrue();
    assertThat(bootstrap.getServers()).containsExactly(first, second);
    assertThat(events).extracting(RSocketServerInitializedEvent::getServerNamespace)
        .containsExactly("listeners[0]", "listeners[1]");

    bootstrap.stop();

    assertThat(bootstrap.isRunning()).isFalse();
    assertThat(first.stops).isOne();
    assertThat(second.stops).isOne();
  }

  @Test
  void serverThatCannotStartStopsThoseAlreadyStarted() {
    StubServer first = new StubServer(false);
    StubServer failing = new StubServer(true);
    RSocketListenersBootstrap bootstrap = new RSocketListenersBootstrap(List.of(
        new RSocketServerBootstrap(acceptor -> first, this.acceptor, "listeners[0]"),
        new RSocketServerBootstrap(acceptor -> failing, this.acceptor, "listeners[1]")));
    bootstrap.setApplicationEventPublisher(event -> { });

    assertThatIllegalStateException().isThrownBy(bootstrap::start)
        .withMessage("Unable to start the RSocket server");

    assertThat(first.stops).isOne();
    assertThat(bootstrap.isRunning()).isFalse();
  }

  @Test
  void stopWithCallbackRunsItOnceEveryServerHasShutDown() {
    StubServer first = new StubServer(false);
    StubServer second = new StubServer(false);
    RSocketListenersBootstrap bootstrap = new RSocketListenersBootstrap(List.of(
        new RSocketServerBootstrap(acceptor -> first, this.acceptor, "listeners[0]"),
        new RSocketServerBootstrap(acceptor -> second, this.acceptor, "listeners[1]")));
    bootstrap.setApplicationEventPublisher(event -> { });
    bootstrap.start();
    AtomicInteger calls = new AtomicInteger();

    bootstrap.stop(calls::incrementAndGet);

    assertThat(first.shutdownCallback).isNotNull();
    assertThat(second.shutdownCallback).isNotNull();
    first.shutdownCallback.shutdownComplete(DuplexRSocketServer.GracefulShutdownResult.IDLE);
    assertThat(calls).hasValue(0);
    second.shutdownCallback.shutdownComplete(DuplexRSocketServer.GracefulShutdownResult.IDLE);
    assertThat(calls).hasValue(1);

    bootstrap.destroy();
    assertThat(first.stops).isOne();
    assertThat(second.stops).isOne();
  }

  private static final class StubServer implements DuplexRSocketServer {

    private final boolean failToStart;

    private @Nullable InetSocketAddress address;

    int stops;

    @Nullable GracefulShutdownCallback shutdownCallback;

    StubServer(boolean failToStart) {
      this.failToStart = failToStart;
    }

    @Override
    public void start() {
      if (this.failToStart) {
        throw new IllegalStateException("Unable to start the RSocket server");
      }
      this.address = new InetSocketAddress("127.0.0.1", 7000);
    }

    @Override
    public void stop() {
      this.address = null;
      this.stops++;
    }

    @Override
    public Transport transport() {
      return Transport.TCP;
    }

    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
      this.shutdownCallback = callback;
    }

    @Override
    public @Nullable InetSocketAddress address() {
      return this.address;
    }
  }
}
