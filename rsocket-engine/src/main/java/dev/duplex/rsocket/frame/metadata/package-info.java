/**
 * The metadata formats of the RSocket extensions: composite metadata and its well-known MIME types,
 * routing, authentication, per-stream data MIME types and Zipkin tracing.
 *
 * <p>Decoders read a <b>borrowed</b> buffer by absolute index, never move its reader index, copy
 * nothing, and hand out unretained slices of it; bytes that do not have the layout of their format
 * raise {@link dev.duplex.rsocket.frame.FrameDecodingException} naming the field, its offset and
 * the lengths involved (a stream error for whoever reads it, checklist #190, #198). Encoders append
 * to a <b>borrowed</b> target buffer and leave it unchanged when they reject an argument. Custom
 * MIME and auth-type strings are 1 to 128 US-ASCII bytes and go on the wire as length - 1, as
 * rsocket-java and rsocket-js write them (checklist #188, #200, #206). A method given a {@code
 * String} type writes the string form even when the string names a well-known type; pass the enum
 * constant to get the one-byte ID. Decoders treat both forms as the same type (checklist #194).
 */
@NullMarked
package dev.duplex.rsocket.frame.metadata;

import org.jspecify.annotations.NullMarked;
