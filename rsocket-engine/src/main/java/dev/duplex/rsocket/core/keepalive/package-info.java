/**
 * Keepalive: the client's periodic KEEPALIVE with the respond flag, and both sides' check that
 * the peer has been heard from within the max lifetime (checklist #147-#151). Internal; not API.
 */
@NullMarked
package dev.duplex.rsocket.core.keepalive;

import org.jspecify.annotations.NullMarked;
