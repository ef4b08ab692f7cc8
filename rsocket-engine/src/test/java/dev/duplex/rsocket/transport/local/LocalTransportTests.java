package dev.duplex.rsocket.transport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.TransportContractTests;
import io.netty.channel.local.LocalAddress;
import java.net.BindException;
import java.net.ConnectException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** In-JVM transport: Netty local channels under a fresh name per server. */
class LocalTransportTests extends TransportContractTests {

  @Override
  protected ServerTransport serverTransport() {
    return LocalServerTransport.create(uniqueName());
  }

  @Override
  protected ClientTransport clientTransport(BoundServer server) {
    return LocalClientTransport.create(((LocalAddress) server.address()).id());
  }

  @Test
  void bindingABoundNameFails() {
    String name = uniqueName();
    startEchoServer(LocalServerTransport.create(name));

    StepVerifier.create(LocalServerTransport.create(name).start(connection -> { }))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(BindException.class)
            .hasMessageStartingWith("Cannot bind the local transport name '" + name + "': ")
            .hasMessageContaining("already in use"))
        .verify(TIMEOUT);
  }

  @Test
  void nameCanBeBoundAgainOnceTheServerIsDisposed() {
    String name = uniqueName();
    BoundServer first = startEchoServer(LocalServerTransport.create(name));
    closeAndWait(first);

    Client client = connect(startEchoServer(LocalServerTransport.create(name)));

    assertThat(client.connection().isDisposed()).isFalse();
  }

  @Test
  void connectingToAnUnboundNameFailsNamingIt() {
    String name = uniqueName();

    StepVerifier.create(LocalClientTransport.create(name).connect())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ConnectException.class)
            .hasMessage("No local server is bound to the name '" + name + "'"))
        .verify(TIMEOUT);
  }

  @Test
  void clientSeesTheServerAsItsRemoteAddress() {
    BoundServer server = startEchoServer();

    assertThat(connect(server).connection().remoteAddress()).isEqualTo(server.address());
  }

  @Test
  void blankNamesAreRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> LocalServerTransport.create(" "))
        .withMessage("name: ' ' (expected: not blank)");
    assertThatIllegalArgumentException().isThrownBy(() -> LocalClientTransport.create(""))
        .withMessage("name: '' (expected: not blank)");
  }

  private static String uniqueName() {
    return "local-transport-tests-" + UUID.randomUUID();
  }
}
