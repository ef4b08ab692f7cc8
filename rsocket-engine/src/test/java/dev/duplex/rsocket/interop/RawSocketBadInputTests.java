package dev.duplex.rsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.frame.FrameDump;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bytes written by the test to a real socket, as a broken or hostile peer would send them, and
 * the server's answer read back off the socket (checklist numbers per test). Frames are built on
 * unpooled heap buffers, which the leak detector does not track, since the test owns the socket.
 */
class RawSocketBadInputTests {

  private static final int READ_TIMEOUT_MS = 5000;

  private final UnpooledByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
  private final AtomicLong streamItemsRequested = new AtomicLong();
  private BoundServer server;
  private Socket socket;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return Flux.<Payload, Integer>generate(() -> 0, (i, sink) -> {
        sink.next(Payload.create(new byte[1024], null));
        return i + 1;
      }).doOnRequest(n -> streamItemsRequested.addAndGet(n));
    }
  };

  @AfterEach
  void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(Duration.ofSeconds(10));
    }
  }

  private void start(RSocketServer rsocketServer) throws IOException {
    server = rsocketServer.bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(10));
    socket = new Socket();
    socket.connect(server.address());
    socket.setSoTimeout(READ_TIMEOUT_MS);
  }

  private void start() throws IOException {
    start(RSocketServer.create(SocketAcceptor.with(responder)).maxInboundPayloadSize(4096));
  }

  private void write(ByteBuf frame) throws IOException {
    OutputStream out = socket.getOutputStream();
    byte[] prefix = {(byte) (frame.readableBytes() >> 16), (byte) (frame.readableBytes() >> 8),
        (byte) frame.readableBytes()};
    out.write(prefix);
    out.write(ByteBufUtil.getBytes(frame));
    out.flush();
    frame.release();
  }

  private void writeRaw(String hex) throws IOException {
    socket.getOutputStream().write(ByteBufUtil.decodeHexDump(hex));
    socket.getOutputStream().flush();
  }

  /** The next frame from the server, summarised, or {@code null} when it closed the socket. */
  private @Nullable String read() throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    int length = b0 << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    byte[] frame = new byte[length];
    in.readFully(frame);
    return FrameDump.summary(Unpooled.wrappedBuffer(frame));
  }

  private void setUp() throws IOException {
    write(FrameWriter.setup(alloc, 1, 0, 20_000, 90_000, null, false, "application/binary",
        "application/binary", null, Unpooled.EMPTY_BUFFER));
  }

  private ByteBuf request(int streamId, String data) {
    return FrameWriter.requestResponse(alloc, streamId, null, ByteBufUtil.writeUtf8(alloc, data),
        false);
  }

  private void assertClosedByServer() throws IOException {
    assertThat(read()).as("the server closed the connection").isNull();
  }

  @Test
  void aRequestBeforeSetupIsRefusedAndClosed() throws IOException {
    start();
    write(request(1, "early"));

    assertThat(read()).startsWith("ERROR stream=0 flags=- code=INVALID_SETUP");
    assertClosedByServer();
  }

  @Test
  void nothingSentBeforeTheMaxTimeToFirstFrameIsClosed() throws IOException {
    start(RSocketServer.create(SocketAcceptor.with(responder))
        .maxTimeToFirstFrame(Duration.ofMillis(100)));

    assertThat(read()).isEqualTo("ERROR stream=0 flags=- code=INVALID_SETUP message=\"No SETUP "
        + "frame within 100 ms of connecting (max time to first frame)\"");
    assertClosedByServer();
  }

  @Test
  void aFrameLengthBelowTheHeaderIsAConnectionError() throws IOException {
    start();
    setUp();
    writeRaw("000005" + "0000000124"); // checklist #6

    assertThat(read()).isEqualTo("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\"Frame "
        + "length 5 is smaller than the 6-byte frame header (checklist #6)\"");
    assertClosedByServer();
  }

  @Test
  void malformedFramesAreConnectionErrors() throws IOException {
    start();
    setUp();
    // REQUEST_RESPONSE with the M flag whose metadata length runs past the end (checklist #21)
    writeRaw("00000b" + "00000001" + "1100" + "000010" + "abcd");

    assertThat(read()).startsWith("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\""
        + "REQUEST_RESPONSE frame on stream 1: frame of 11 bytes is too short for the metadata");
    assertClosedByServer();
  }

  @Test
  void streamLevelViolationsEndOneStreamAndTheConnectionServesOthers() throws IOException {
    start();
    setUp();
    write(request(2, "even id from a client"));
    assertThat(read()).startsWith("ERROR stream=2 flags=- code=INVALID");
    write(FrameWriter.requestStream(alloc, 3, 1, null, Unpooled.EMPTY_BUFFER, false));
    assertThat(read()).isEqualTo("PAYLOAD stream=3 flags=N data=1024B");
    write(FrameWriter.requestN(alloc, 3, 0));
    assertThat(read()).isEqualTo("ERROR stream=3 flags=- code=INVALID message=\"REQUEST_N on "
        + "stream 3 with n=0 (expected: n > 0, checklist #54)\"");
    write(FrameWriter.payload(alloc, 99, null, Unpooled.EMPTY_BUFFER, false, true, true));
    write(setupFrame());
    write(request(5, "still served"));

    assertThat(read()).isEqualTo("PAYLOAD stream=5 flags=C|N data=12B");
  }

  @Test
  void aRequestOnStreamZeroClosesTheConnection() throws IOException {
    start();
    setUp();
    write(request(0, "connection stream"));

    assertThat(read()).startsWith("ERROR stream=0 flags=- code=CONNECTION_ERROR");
    assertClosedByServer();
  }

  @Test
  void fragmentsPastTheMaxInboundPayloadSizeRejectTheStream() throws IOException {
    start(); // max inbound payload 4096 bytes
    setUp();
    write(FrameWriter.requestResponse(alloc, 1, null, Unpooled.wrappedBuffer(new byte[3000]),
        true));
    write(FrameWriter.payload(alloc, 1, null, Unpooled.wrappedBuffer(new byte[3000]), true, false,
        true));

    assertThat(read()).startsWith("ERROR stream=1 flags=- code=REJECTED message=\""
        + "REQUEST_RESPONSE on stream 1: Reassembled payload of more than 4096 bytes");
    write(request(3, "others go on"));
    assertThat(read()).isEqualTo("PAYLOAD stream=3 flags=C|N data=12B");
  }

  @Test
  void aPeerThatRequestsUnboundedAndNeverReadsIsClosedWithBoundedMemory() throws Exception {
    CompletableFuture<String> closedBecause = new CompletableFuture<>();
    start(RSocketServer.create(SocketAcceptor.with(responder))
        .writeStallTimeout(Duration.ofMillis(500))
        .listener(new ConnectionListener() {
          @Override
          public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
            closedBecause.complete(String.valueOf(cause == null ? null : cause.getMessage()));
          }
        }));
    socket.setReceiveBufferSize(4096);
    setUp();
    write(FrameWriter.requestStream(alloc, 1, Integer.MAX_VALUE, null, Unpooled.EMPTY_BUFFER,
        false));

    // the test never reads: the server stops producing once the socket is full, then closes the
    // connection after the write-stall timeout
    assertThat(closedBecause.get(10, TimeUnit.SECONDS)).contains("write-stall timeout");
    assertThat(streamItemsRequested.get())
        .as("items of 1 KiB asked of the publisher: what the socket buffers held, not unbounded")
        .isLessThan(20_000);
  }

  @Test
  void aWebSocketTextMessageIsAConnectionError() throws Exception {
    server = RSocketServer.create(SocketAcceptor.with(responder))
        .bind(WebSocketServerTransport.create("127.0.0.1", 0)).block(Duration.ofSeconds(10));
    InetSocketAddress address = (InetSocketAddress) server.address();
    CompletableFuture<ByteBuffer> answer = new CompletableFuture<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + address.getPort() + "/"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                answer.complete(data);
                ws.request(1); // the JDK client delivers one message per request
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
    ByteBuf setup = setupFrame();
    webSocket.sendBinary(ByteBuffer.wrap(ByteBufUtil.getBytes(setup)), true).get(10,
        TimeUnit.SECONDS);
    setup.release();
    webSocket.sendText("not a frame", true).get(10, TimeUnit.SECONDS);

    ByteBuffer error = answer.get(10, TimeUnit.SECONDS);
    assertThat(FrameDump.summary(Unpooled.wrappedBuffer(error)))
        .startsWith("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\"WebSocket text");
    assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  private ByteBuf setupFrame() {
    return FrameWriter.setup(alloc, 1, 0, 20_000, 90_000, null, false, "application/binary",
        "application/binary", null, Unpooled.EMPTY_BUFFER);
  }
}
