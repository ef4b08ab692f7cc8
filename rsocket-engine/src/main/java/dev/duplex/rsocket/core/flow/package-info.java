/**
 * Request-n arithmetic: credits add up and saturate, {@code 2^31-1} on the wire means unbounded
 * (checklist #133-#135). Internal; not API.
 */
@NullMarked
package dev.duplex.rsocket.core.flow;

import org.jspecify.annotations.NullMarked;
