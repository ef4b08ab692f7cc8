package dev.duplex.rsocket;

/** Which side of a stream this end of the connection is. */
public enum StreamRole {

  /** This side sent the request. */
  REQUESTER,

  /** The peer sent the request and this side answers it. */
  RESPONDER
}
