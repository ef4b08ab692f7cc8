package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.fragment.Fragmenter;
import dev.duplex.rsocket.core.keepalive.KeepAliveMonitor;
import dev.duplex.rsocket.core.stream.FrameStream;
import dev.duplex.rsocket.core.stream.StreamFrames;
import dev.duplex.rsocket.core.stream.StreamOutbound;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameListener;
import dev.duplex.rsocket.frame.FrameReader;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.FrameReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One RSocket connection: receives its frames, holds its streams, sends through its transport, and
 * decides how it ends.
 *
 * <p>Inbound frames go to the current {@link FrameListener}: on a server first the
 * {@link ServerSetupListener}, which enforces the first-frame rule and then hands over to the
 * {@link FrameDispatcher}. While the application's acceptor decides, later frames are held and
 * replayed afterwards (checklist #95). Every field is confined to the transport's event loop.
 */
public final class ConnectionHandler
    implements FrameReceiver, StreamOutbound, KeepAliveMonitor.Callbacks {

  private static final Logger logger = LoggerFactory.getLogger(ConnectionHandler.class);

  private static final RSocket NO_RESPONDER = new RSocket() { };

  /** Why a draining connection rejects requests and then closes. */
  static final String SHUTTING_DOWN = "The server is shutting down";

  private final DuplexConnection connection;
  private final StreamRegistry streams;
  private final ConnectionSettings settings;
  private final ConnectionEvents events;
  private final WritabilityWaiters writability;
  private final Consumer<ByteBuf> sender = this::send;
  private final FrameReader reader = new FrameReader();
  private boolean reading;
  private final ConnectionRequester requester;
  private final Sinks.Empty<Void> closed = Sinks.empty();

  private FrameListener frameListener;
  private RSocket responder = NO_RESPONDER;
  private @Nullable HeldFrames pending;
  private @Nullable Disposable acceptance;
  private @Nullable Payload setupPayload;
  private @Nullable KeepAliveMonitor keepAlive;
  private @Nullable ScheduledFuture<?> firstFrameTimeout;
  private @Nullable Throwable closedCause;
  /** Set from any thread by {@link #drain()}, so that requests read after it are rejected. */
  private volatile boolean draining;
  /** The peer's ERROR[CONNECTION_CLOSE], while this side lets its outstanding streams end. */
  private @Nullable RSocketErrorException closingByPeer;
  private volatile String dataMimeType = "";
  private volatile String metadataMimeType = "";

  private ConnectionHandler(DuplexConnection connection, StreamIdSupplier streamIds,
      ConnectionSettings settings, ConnectionListener listener) {
    this.connection = connection;
    this.streams = new StreamRegistry(streamIds, settings.maxConcurrentStreams());
    this.settings = settings;
    this.requester = new ConnectionRequester(this);
    this.events = new ConnectionEvents(listener, requester);
    this.writability = new WritabilityWaiters(connection, settings.writeStallTimeout(),
        message -> connectionError(ErrorCode.CONNECTION_ERROR, message));
    this.frameListener = new FrameDispatcher(this);
  }

  /**
   * Serves a connection a client opened: waits up to {@code maxTimeToFirstFrame} for SETUP, then
   * asks {@code acceptor}. Call on the connection's event loop.
   *
   * @return the handler, for the server to {@link #drain()} or close
   */
  public static ConnectionHandler serve(DuplexConnection connection, SocketAcceptor acceptor,
      Duration maxTimeToFirstFrame, ConnectionSettings settings, ConnectionListener listener) {
    ConnectionHandler handler =
        new ConnectionHandler(connection, StreamIdSupplier.server(), settings, listener);
    handler.frameListener = new ServerSetupListener(handler, acceptor);
    handler.events.notify(ConnectionListener::onOpen);
    handler.firstFrameTimeout = connection.eventLoop().schedule(
        () -> handler.connectionError(ErrorCode.INVALID_SETUP, "No SETUP frame within "
            + maxTimeToFirstFrame.toMillis() + " ms of connecting (max time to first frame)"),
        maxTimeToFirstFrame.toNanos(), TimeUnit.NANOSECONDS);
    connection.start(handler);
    return handler;
  }

  /**
   * Opens the client side of a connection: sends SETUP, starts keepalive, and asks
   * {@code acceptor} for the responder to the server's requests.
   *
   * @param setup the client's SETUP; its payload is consumed
   * @return the requester, once SETUP is written
   */
  public static Mono<RSocketConnection> connect(DuplexConnection connection,
      ConnectionSetupPayload setup, SocketAcceptor acceptor, ConnectionSettings settings,
      ConnectionListener listener) {
    return Mono.create(sink -> connection.eventLoop().execute(() -> {
      ConnectionHandler handler =
          new ConnectionHandler(connection, StreamIdSupplier.client(), settings, listener);
      handler.dataMimeType = setup.dataMimeType();
      handler.metadataMimeType = setup.metadataMimeType();
      handler.events.notify(ConnectionListener::onOpen);
      Payload payload = setup.payload();
      try {
        handler.send(FrameWriter.setup(connection.alloc(), setup.majorVersion(),
            setup.minorVersion(), (int) setup.keepAliveInterval().toMillis(),
            (int) setup.keepAliveMaxLifetime().toMillis(), null, false,
            setup.metadataMimeType(), setup.dataMimeType(), retainedMetadata(payload),
            payload.data().retain()));
        handler.keepAlive = new KeepAliveMonitor(connection.eventLoop(),
            setup.keepAliveInterval(), setup.keepAliveMaxLifetime(), true, handler);
        handler.accept(setup, acceptor);
        connection.start(handler);
        sink.success(handler.requester);
      } catch (RuntimeException e) {
        payload.release();
        connection.dispose();
        sink.error(e);
      }
    }));
  }

  // ---- the handshake

  /**
   * Asks the acceptor for the responder; frames that arrive meanwhile are held. The setup's
   * payload is released once the acceptor has decided.
   */
  void accept(ConnectionSetupPayload setup, SocketAcceptor acceptor) {
    cancelFirstFrameTimeout();
    frameListener = new FrameDispatcher(this);
    dataMimeType = setup.dataMimeType();
    metadataMimeType = setup.metadataMimeType();
    pending = new HeldFrames();
    Mono<RSocket> accepted;
    try {
      accepted = acceptor.accept(setup, requester);
    } catch (Throwable t) {
      accepted = Mono.error(t);
    }
    setupPayload = setup.payload();
    acceptance = accepted.defaultIfEmpty(NO_RESPONDER).subscribe(
        rsocket -> execute(() -> {
          if (closedCause != null) {
            return;
          }
          events.notify((l, c) -> l.onSetup(c, setup));
          releaseSetupPayload();
          onAccepted(rsocket);
        }),
        error -> execute(() -> {
          releaseSetupPayload();
          connectionError(ErrorCode.REJECTED_SETUP, StreamFrames.message(error));
        }));
  }

  private void releaseSetupPayload() {
    acceptance = null;
    Payload payload = setupPayload;
    if (payload != null) {
      setupPayload = null;
      payload.release();
    }
  }

  /** Starts keepalive monitoring with the interval and lifetime the client announced. */
  void monitorKeepAlive(Duration interval, Duration maxLifetime) {
    keepAlive = new KeepAliveMonitor(connection.eventLoop(), interval, maxLifetime, false, this);
  }

  private void onAccepted(RSocket rsocket) {
    responder = rsocket;
    HeldFrames held = pending;
    pending = null;
    if (held != null) {
      held.replay(frame -> {
        if (closedCause == null) {
          read(frame);
        }
      });
    }
  }

  // ---- FrameReceiver

  @Override
  public void onFrame(ByteBuf frame) {
    if (closedCause != null) {
      return;
    }
    KeepAliveMonitor monitor = keepAlive;
    if (monitor != null) {
      monitor.onFrameReceived();
    }
    events.frameReceived(frame);
    HeldFrames held = pending;
    if (held != null) {
      if (!held.hold(frame)) {
        connectionError(ErrorCode.CONNECTION_ERROR, "More than " + HeldFrames.MAX
            + " frames arrived while the connection was being accepted");
      }
      return;
    }
    read(frame);
  }

  private void read(ByteBuf frame) {
    try {
      if (reading) { // a frame replayed from within a listener call: the reader is busy
        FrameReader.read(frame, frameListener);
      } else {
        reading = true;
        try {
          reader.decode(frame, frameListener);
        } finally {
          reading = false;
        }
      }
    } catch (FrameDecodingException e) {
      if (e.isIgnorable()) {
        logger.debug("Ignoring a frame with the ignore flag set: {}", e.getMessage());
      } else {
        connectionError(ErrorCode.CONNECTION_ERROR, e.getMessage());
      }
    }
  }

  @Override
  public void onTransportError(Throwable cause) {
    connectionError(ErrorCode.CONNECTION_ERROR, StreamFrames.message(cause));
  }

  @Override
  public void onWritabilityChanged(boolean writable) {
    if (closedCause != null) {
      return;
    }
    writability.onWritabilityChanged(writable);
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    HeldFrames held = pending;
    RSocketErrorException heldError = held != null ? held.connectionError() : null;
    if (heldError != null) {
      // the peer's ERROR on stream 0 (a refused SETUP, say) arrived while the acceptor was still
      // deciding: it, not the closed transport, is why the connection ends
      closedByPeer(heldError);
      return;
    }
    close(cause, "Connection to " + connection.remoteAddress() + " closed");
  }

  // ---- KeepAliveMonitor.Callbacks

  @Override
  public void sendKeepAlive() {
    send(FrameWriter.keepAlive(alloc(), true, 0, Unpooled.EMPTY_BUFFER));
  }

  @Override
  public void onKeepAliveTimeout(Duration silence) {
    events.notify((l, c) -> l.onKeepAliveTimeout(c, silence));
    connectionError(ErrorCode.CONNECTION_ERROR, "No frame from the peer for "
        + silence.toMillis() + " ms, longer than the keepalive max lifetime");
  }

  // ---- StreamOutbound

  @Override
  public ByteBufAllocator alloc() {
    return connection.alloc();
  }

  @Override
  public EventExecutor eventLoop() {
    return connection.eventLoop();
  }

  @Override
  public void send(ByteBuf frame) {
    if (closedCause != null) {
      frame.release();
      return;
    }
    events.frameSent(frame);
    connection.send(frame);
  }


  @Override
  public void sendRequest(FrameType type, int streamId, int requestN, Payload payload,
      boolean complete) {
    write(type, streamId, requestN, payload, complete, false);
  }

  @Override
  public void sendPayload(int streamId, Payload payload, boolean complete) {
    write(FrameType.PAYLOAD, streamId, 0, payload, complete, true);
  }

  private void write(FrameType type, int streamId, int requestN, Payload payload,
      boolean complete, boolean next) {
    try {
      Fragmenter.write(alloc(), settings.mtu(), type, streamId, requestN,
          retainedMetadata(payload), payload.data().retain(), complete, next, sender);
    } finally {
      payload.release();
    }
  }

  @Override
  public boolean isWritable() {
    return connection.isWritable();
  }

  @Override
  public void awaitWritable(FrameStream stream) {
    writability.await(stream);
  }

  @Override
  public int register(@Nullable FrameStream stream) {
    Throwable cause = closedCause;
    if (cause != null) {
      throw new ClosedConnectionException("The connection is closed", cause.getCause());
    }
    RSocketErrorException peerClose = closingByPeer;
    if (peerClose != null) {
      throw new ClosedConnectionException("The peer is closing the connection "
          + "(CONNECTION_CLOSE: " + peerClose.getMessage() + "); no new stream starts", peerClose);
    }
    return streams.registerOwn(stream);
  }

  @Override
  public void remove(int streamId) {
    streams.remove(streamId);
    closeLaterIfDrained();
  }

  @Override
  public @Nullable Throwable closedCause() {
    return closedCause;
  }

  // ---- graceful shutdown

  /**
   * Starts a server's graceful shutdown of this connection, from any thread. A connection still
   * in its handshake is refused with ERROR[REJECTED_SETUP]. An established one drains: the
   * {@link FrameDispatcher} rejects the peer's new requests with ERROR[REJECTED] (and drops its
   * fire-and-forgets), while every stream already open, in both directions, runs to its end;
   * then it sends ERROR[CONNECTION_CLOSE] and closes. This side may still send requests, such as
   * a handler calling the client back to finish its work; they count as open streams.
   *
   * <p>CONNECTION_CLOSE goes out only once no stream is left, although the spec lets it announce
   * the shutdown earlier (checklist #143): rsocket-java, like this engine, ends every outstanding
   * stream when any ERROR arrives on stream 0, so sending it first would cut the streams the
   * shutdown means to let finish. Sent last, it tells the peer why the connection closed and that
   * its requests crossing it on the wire were not processed.
   *
   * <p>Requests read once this returns are rejected, whatever thread calls it.
   *
   * @return completes when the connection has closed
   */
  public Mono<Void> drain() {
    draining = true;
    execute(this::closeIfDrained);
    return onClose().onErrorComplete();
  }

  /** Whether the connection is draining: the peer's new requests are rejected. */
  boolean isDraining() {
    return draining;
  }

  /**
   * Closes a draining connection left without streams, once the current task is done: a stream
   * removes itself before it sends its last frame, and a reassembled request is taken out before
   * its stream is registered.
   */
  private void closeLaterIfDrained() {
    if (draining) {
      eventLoop().execute(this::closeIfDrained);
    }
  }

  private void closeIfDrained() {
    if (closedCause != null) {
      return;
    }
    RSocketErrorException peerClose = closingByPeer;
    if (peerClose != null) {
      if (streams.isEmpty()) {
        close(peerClose, "The peer closed the connection: " + peerClose.getMessage());
      }
      return;
    }
    if (frameListener instanceof ServerSetupListener || pending != null) {
      connectionError(ErrorCode.REJECTED_SETUP, SHUTTING_DOWN);
    } else if (streams.isEmpty()) {
      send(FrameWriter.error(alloc(), 0, ErrorCode.CONNECTION_CLOSE.code(), SHUTTING_DOWN));
      close(null, SHUTTING_DOWN);
    }
  }

  // ---- for the listeners

  /** The connection's streams, by ID. */
  StreamRegistry streams() {
    return streams;
  }

  /**
   * Starts reassembling a fragmented frame on {@code streamId} from its first fragment (borrowed).
   *
   * @throws dev.duplex.rsocket.core.fragment.Reassembler.PayloadTooLargeException if the first
   *     fragment alone is too large
   */
  void startFragments(int streamId, FrameType type, int requestN, @Nullable ByteBuf metadata,
      ByteBuf data) {
    streams.startFragments(streamId, type, requestN, alloc(), settings.maxInboundPayloadSize(),
        metadata, data);
  }

  /** Takes the reassembled frame on {@code streamId} out of the registry; the caller owns it. */
  void takeFragments(int streamId) {
    streams.takeFragments(streamId);
    closeLaterIfDrained();
  }

  /** Forgets a frame being reassembled on {@code streamId}, releasing its fragments. */
  void discardFragments(int streamId) {
    streams.discardFragments(streamId);
    closeLaterIfDrained();
  }

  RSocket responder() {
    return responder;
  }

  RSocketConnection requester() {
    return requester;
  }

  DuplexConnection connection() {
    return connection;
  }

  String dataMimeType() {
    return dataMimeType;
  }

  String metadataMimeType() {
    return metadataMimeType;
  }

  /**
   * A rule broken on one stream: ends that stream with an error and tells the peer with ERROR on
   * it; the connection and other streams go on (checklist #131).
   */
  void streamError(int streamId, ErrorCode code, String message) {
    FrameStream stream = streams.get(streamId);
    remove(streamId);
    if (stream != null) {
      stream.onTerminated(RSocketErrorException.from(code.code(), message));
    }
    if (stream != null && streams.isOwn(streamId)) {
      // this side requested the stream: a requester gives up with CANCEL, not ERROR
      send(FrameWriter.cancel(alloc(), streamId));
    } else {
      send(FrameWriter.error(alloc(), streamId, code.code(), message));
    }
  }

  /** A connection-level error: sends ERROR on stream 0, then closes. */
  void connectionError(ErrorCode code, String message) {
    if (closedCause != null) {
      return;
    }
    logger.debug("Closing the connection to {}: {} {}", connection.remoteAddress(), code,
        message);
    send(FrameWriter.error(alloc(), 0, code.code(), message));
    RSocketErrorException error = RSocketErrorException.from(code.code(), message);
    if (code == ErrorCode.INVALID_SETUP || code == ErrorCode.UNSUPPORTED_SETUP
        || code == ErrorCode.REJECTED_SETUP) {
      events.notify((l, c) -> l.onSetupRejected(c, error));
    }
    close(error, message);
  }

  /** The peer ended the connection with ERROR on stream 0. */
  void closedByPeer(RSocketErrorException error) {
    events.notify((l, c) -> l.onConnectionError(c, error));
    if (error.errorCode() == ErrorCode.CONNECTION_CLOSE.code() && !streams.isEmpty()) {
      // checklist #143: the receiver waits for outstanding streams to finish before closing;
      // meanwhile neither side starts new ones
      closingByPeer = error;
      draining = true;
      return;
    }
    close(error, "The peer closed the connection: " + error.getMessage());
  }

  /** Closes the connection; every outstanding stream ends with an error that says so. */
  void close(@Nullable Throwable error, String reason) {
    if (closedCause != null) {
      return;
    }
    ClosedConnectionException cause = new ClosedConnectionException(reason, error);
    closedCause = cause;
    cancelFirstFrameTimeout();
    writability.clear();
    Disposable undecided = acceptance;
    if (undecided != null) {
      undecided.dispose(); // the connection closed before the acceptor decided
    }
    releaseSetupPayload();
    KeepAliveMonitor monitor = keepAlive;
    if (monitor != null) {
      monitor.stop();
    }
    HeldFrames held = pending;
    pending = null;
    if (held != null) {
      held.release();
    }
    List<FrameStream> outstanding = streams.clear();
    Throwable streamCause = error instanceof RSocketErrorException ? error : cause;
    for (FrameStream stream : outstanding) {
      stream.onTerminated(streamCause);
    }
    connection.dispose();
    events.notify((l, c) -> l.onClose(c, error));
    if (error == null || error instanceof ClosedConnectionException) {
      closed.tryEmitEmpty();
    } else {
      closed.tryEmitError(error);
    }
  }

  /** Tells the connection's listener, if any. */
  ConnectionEvents events() {
    return events;
  }

  /** Completes when the connection has closed: empty, or with the error that closed it. */
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  private void cancelFirstFrameTimeout() {
    ScheduledFuture<?> timeout = firstFrameTimeout;
    if (timeout != null) {
      firstFrameTimeout = null;
      timeout.cancel(false);
    }
  }

  private static @Nullable ByteBuf retainedMetadata(Payload payload) {
    ByteBuf metadata = payload.metadata();
    return metadata == null ? null : metadata.retain();
  }
}
