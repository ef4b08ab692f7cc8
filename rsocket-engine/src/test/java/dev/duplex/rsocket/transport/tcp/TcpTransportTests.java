package dev.duplex.rsocket.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.RecordingReceiver;
import dev.duplex.rsocket.transport.RecordingReceiver.ReceivedFrame;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.TransportContractTests;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.TooLongFrameException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** TCP transport: real sockets on 127.0.0.1, frames behind a 24-bit length (checklist #3). */
class TcpTransportTests extends TransportContractTests {

  @Override
  protected ServerTransport serverTransport() {
    return TcpServerTransport.create("127.0.0.1", 0);
  }

  @Override
  protected ClientTransport clientTransport(BoundServer server) {
    return TcpClientTransport.create((InetSocketAddress) server.address());
  }

  @Test
  void lengthBelowTheFrameHeaderIsATransportErrorAndLaterFramesStillDecode() throws Exception {
    BoundServer server = startEchoServer();
    InetSocketAddress address = (InetSocketAddress) server.address();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(ByteBufUtil.decodeHexDump("000005" + "0000000524" // 5 bytes: too short
          + "000006" + "000000092400")); // CANCEL stream 9
      out.flush();
      await().atMost(TIMEOUT).until(() -> serverReceivers.size() == 1
          && !serverReceivers.get(0).transportErrors().isEmpty());
      // the decoder resumes on the next read, which these bytes bring
      out.write(ByteBufUtil.decodeHexDump("000006" + "0000000b2400")); // CANCEL stream 11
      out.flush();

      RecordingReceiver receiver = serverReceivers.get(0);
      awaitFrames(receiver, 2);
      assertThat(receiver.transportErrors()).singleElement()
          .isInstanceOf(FrameDecodingException.class)
          .extracting(Throwable::getMessage)
          .isEqualTo("Frame length 5 is smaller than the 6-byte frame header (checklist #6)");
      assertThat(receiver.frames()).extracting(ReceivedFrame::type, ReceivedFrame::streamId)
          .containsExactly(tuple(FrameType.CANCEL, 9), tuple(FrameType.CANCEL, 11));
      assertThat(serverConnections.get(0).isDisposed()).isFalse();
    }
  }

  @Test
  void frameAboveTheMaximumIsATransportErrorAndLaterFramesStillDecode() {
    Client client = connect(
        startEchoServer(TcpServerTransport.create("127.0.0.1", 0).maxFrameLength(64)));
    ByteBufAllocator alloc = client.connection().alloc();

    client.connection().send(FrameWriter.payload(alloc, 1, null,
        alloc.buffer(100).writeZero(100), false, true, true));
    client.connection().send(FrameWriter.cancel(alloc, 3));
    await().atMost(TIMEOUT).until(() -> serverReceivers.size() == 1
        && !serverReceivers.get(0).transportErrors().isEmpty());
    client.connection().send(FrameWriter.cancel(alloc, 5));

    RecordingReceiver receiver = serverReceivers.get(0);
    awaitFrames(receiver, 2);
    assertThat(receiver.transportErrors()).singleElement()
        .isInstanceOf(TooLongFrameException.class);
    assertThat(receiver.frames()).extracting(ReceivedFrame::streamId).containsExactly(3, 5);
  }

  @Test
  void clientSeesTheServerAsItsRemoteAddress() {
    BoundServer server = startEchoServer();
    Client client = connect(server);

    assertThat(client.connection().remoteAddress()).isEqualTo(server.address());
    await().atMost(TIMEOUT).until(() -> serverConnections.size() == 1);
    assertThat(serverConnections.get(0).remoteAddress()).isInstanceOf(InetSocketAddress.class);
  }

  @Test
  void customizersAreAppliedInOrder() {
    AtomicInteger serverConnectionsSeen = new AtomicInteger();
    AtomicInteger clientConnectionsSeen = new AtomicInteger();
    BoundServer server = startEchoServer(TcpServerTransport.create("127.0.0.1", 7)
        .customize(tcpServer -> tcpServer.port(1))
        .customize(tcpServer -> tcpServer.port(0)
            .doOnConnection(connection -> serverConnectionsSeen.incrementAndGet())));

    connect(TcpClientTransport.create((InetSocketAddress) server.address())
        .customize(tcpClient -> tcpClient.doOnConnected(
            connection -> clientConnectionsSeen.incrementAndGet())));

    await().atMost(TIMEOUT).until(() -> clientConnectionsSeen.get() == 1);
    await().atMost(TIMEOUT).until(() -> serverConnectionsSeen.get() == 1);
  }

  @Test
  void optionsReturnChangedCopies() {
    TcpServerTransport server = TcpServerTransport.create("127.0.0.1", 7000);
    TcpServerTransport smaller = server.maxFrameLength(64);
    TcpServerTransport customized = server.customize(Function.identity());
    TcpClientTransport client = TcpClientTransport.create("localhost", 7000);
    TcpClientTransport smallerClient = client.maxFrameLength(64);

    assertThat(smaller).isNotSameAs(server);
    assertThat(customized).isNotSameAs(server);
    assertThat(server.maxFrameLength()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);
    assertThat(smaller.maxFrameLength()).isEqualTo(64);
    assertThat(smaller.address()).isEqualTo(server.address());
    assertThat(smallerClient).isNotSameAs(client);
    assertThat(client.maxFrameLength()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);
    assertThat(smallerClient.maxFrameLength()).isEqualTo(64);
    assertThat(client.address().getHostString()).isEqualTo("localhost");
    assertThat(client.address().getPort()).isEqualTo(7000);
    TcpServerTransport secure = smaller.secure(TestCertificates.server());
    TcpClientTransport secureClient = smallerClient.secure(TestCertificates.client());
    assertThat(server.sslContext()).isNull();
    assertThat(secure.sslContext()).isNotNull();
    assertThat(secure.maxFrameLength()).isEqualTo(64);
    assertThat(client.sslContext()).isNull();
    assertThat(secureClient.sslContext()).isNotNull();
    assertThat(secureClient.maxFrameLength()).isEqualTo(64);
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TcpServerTransport.create("127.0.0.1", 0).maxFrameLength(5))
        .withMessage("maxFrameLength: 5 (expected: 6..16777215)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TcpClientTransport.create("127.0.0.1", 0).maxFrameLength(1 << 24))
        .withMessage("maxFrameLength: 16777216 (expected: 6..16777215)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TcpServerTransport.create("127.0.0.1", 65_536))
        .withMessageContaining("port out of range");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TcpServerTransport.create("127.0.0.1", 0)
            .secure(TestCertificates.client()))
        .withMessageEndingWith("(expected: a server context, from SslContextBuilder.forServer)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TcpClientTransport.create("127.0.0.1", 1)
            .secure(TestCertificates.server()))
        .withMessageEndingWith("(expected: a client context, from SslContextBuilder.forClient)");
  }
}
