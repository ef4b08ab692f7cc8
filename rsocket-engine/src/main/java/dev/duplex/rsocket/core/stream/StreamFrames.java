package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/** The payloads streams hand out and the frames they write. */
public final class StreamFrames {

  private StreamFrames() {
  }

  /**
   * A payload the application owns, of the frame's slices (borrowed from the reader, retained
   * here so they outlive the callback).
   */
  public static Payload payload(@Nullable ByteBuf metadata, ByteBuf data) {
    return Payload.create(data.retain(), metadata == null ? null : metadata.retain());
  }

  /** A PAYLOAD frame with only the C flag: the sender's side is complete. */
  public static ByteBuf completeFrame(ByteBufAllocator alloc, int streamId) {
    return FrameWriter.payload(alloc, streamId, null, Unpooled.EMPTY_BUFFER, false,
        true, false);
  }

  /**
   * An ERROR frame for a stream that failed with {@code error}: an {@link RSocketErrorException}
   * with a stream-level or application-defined code keeps it, anything else is APPLICATION_ERROR
   * with the exception's message.
   */
  public static ByteBuf errorFrame(ByteBufAllocator alloc, int streamId, Throwable error) {
    return FrameWriter.error(alloc, streamId, errorCode(error), message(error));
  }

  /**
   * The code of the ERROR frame a responder sends for {@code error}: an
   * {@link RSocketErrorException}'s own code when it is stream-level or application-defined, else
   * APPLICATION_ERROR.
   */
  public static int errorCode(Throwable error) {
    if (error instanceof RSocketErrorException rsocketError) {
      ErrorCode named = ErrorCode.fromCode(rsocketError.errorCode());
      boolean streamLevel = named != null ? !named.isConnectionLevel()
          : ErrorCode.isApplicationDefined(rsocketError.errorCode());
      if (streamLevel) {
        return rsocketError.errorCode();
      }
    }
    return ErrorCode.APPLICATION_ERROR.code();
  }

  /** The message of {@code error}, or its type when it has none. */
  public static String message(Throwable error) {
    String message = error.getMessage();
    return message != null ? message : error.getClass().getName();
  }
}
