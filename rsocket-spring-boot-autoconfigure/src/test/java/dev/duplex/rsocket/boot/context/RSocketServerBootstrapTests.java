package dev.duplex.rsocket.boot.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEvent;

/** Tests for {@link RSocketServerBootstrap}. */
class RSocketServerBootstrapTests {

  private final SocketAcceptor acceptor = (setup, requester) -> {
    throw new UnsupportedOperationException("no connection expected");
  };

  @Test
  void startsTheServerThenPublishesTheEvent() {
    StubServer server = new StubServer();
    List<ApplicationEvent> events = new ArrayList<>();
    RSocketServerBootstrap bootstrap = new RSocketServerBootstrap(acceptor -> server, this.acceptor);
    bootstrap.setApplicationEventPublisher(event -> {
      assertThat(server.address()).as("server started before the event").isNotNull();
      events.add((ApplicationEvent) event);
    });

    assertThat(bootstrap.isRunning()).isFalse();
    bootstrap.start();

    assertThat(bootstrap.isRunning()).isTrue();
    assertThat(events).singleElement().isInstanceOfSatisfying(RSocketServerInitializedEvent.class,
        event -> assertThat(event.getServer()).isSameAs(server));
  }

  @Test
  void stopsTheServer() {
    StubServer server = new StubServer();
    RSocketServerBootstrap bootstrap = new RSocketServerBootstrap(acceptor -> server, this.acceptor);
    bootstrap.setApplicationEventPublisher(event -> { });
    bootstrap.start();

    bootstrap.stop();

    assertThat(bootstrap.isRunning()).isFalse();
    assertThat(server.stops).isOne();
  }

  @Test
  void stopWithCallbackWaitsForTheGracefulShutdown() {
    StubServer server = new StubServer();
    server.graceful = true;
    RSocketServerBootstrap bootstrap = new RSocketServerBootstrap(acceptor -> server, this.acceptor);
    bootstrap.setApplicationEventPublisher(event -> { });
    bootstrap.start();
    AtomicBoolean called = new AtomicBoolean();

    bootstrap.stop(() -> called.set(true));

    assertThat(server.shutdownCallback).isNotNull();
    assertThat(called).isFalse();
    server.shutdownCallback.shutdownComplete(DuplexRSocketServer.GracefulShutdownResult.IDLE);
    assertThat(called).isTrue();
    assertThat(server.stops).isZero();
  }

  @Test
  void stopWithCallbackStopsAServerThatShutsDownImmediately() {
    StubServer server = new StubServer();
    RSocketServerBootstrap bootstrap = new RSocketServerBootstrap(acceptor -> server, this.acceptor);
    bootstrap.setApplicationEventPublisher(event -> { });
    bootstrap.start();
    AtomicBoolean called = new AtomicBoolean();

    bootstrap.stop(() -> called.set(true));

    assertThat(called).isTrue();
    assertThat(server.stops).isOne();
    assertThat(bootstrap.isRunning()).isFalse();
  }

  @Test
  void destroyStopsTheServer() {
    StubServer server = new StubServer();
    server.graceful = true;
    RSocketServerBootstrap bootstrap = new RSocketServerBootstrap(acceptor -> server, this.acceptor);
    bootstrap.setApplicationEventPublisher(event -> { });
    bootstrap.start();
    bootstrap.stop(() -> { });

    bootstrap.destroy();

    assertThat(server.stops).isOne();
  }

  @Test
  @SuppressWarnings("NullAway")
  void rejectsNullFactory() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RSocketServerBootstrap(null, this.acceptor))
        .withMessage("'serverFactory' must not be null");
  }

  private static final class StubServer implements DuplexRSocketServer {

    private @Nullable InetSocketAddress address;

    int stops;

    boolean graceful;

    @Nullable GracefulShutdownCallback shutdownCallback;

    @Override
    public void start() {
      this.address = new InetSocketAddress("127.0.0.1", 7000);
    }

    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
      if (this.graceful) {
        this.shutdownCallback = callback;
      } else {
        DuplexRSocketServer.super.shutDownGracefully(callback);
      }
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
    public @Nullable InetSocketAddress address() {
      return this.address;
    }
  }
}
