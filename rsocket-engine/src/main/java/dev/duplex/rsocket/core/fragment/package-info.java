/**
 * Fragmentation (checklist #169-#178): {@link dev.duplex.rsocket.core.fragment.Fragmenter} splits
 * an outbound request or payload into frames that fit the MTU, metadata before data;
 * {@link dev.duplex.rsocket.core.fragment.Reassembler} joins inbound fragments without copying,
 * up to a maximum size. Internal; not API.
 */
@NullMarked
package dev.duplex.rsocket.core.fragment;

import org.jspecify.annotations.NullMarked;
