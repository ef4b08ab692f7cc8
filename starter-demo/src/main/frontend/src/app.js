// The demo page: RSocket over WebSocket to the demo server's WebFlux route, with rsocket-js.
// Routes in composite metadata, data as JSON (a name travels as its plain UTF-8 text, which the
// controllers take as a String; greetings come back as JSON objects).
import { RSocketConnector } from "rsocket-core";
import { WebsocketClientTransport } from "rsocket-websocket-client";
import {
  WellKnownMimeType,
  encodeCompositeMetadata,
  encodeRoute,
} from "rsocket-composite-metadata";

const MAX_REQUEST_N = 2147483647;

const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/rsocket`;

const page = {
  status: document.getElementById("status"),
  welcome: document.getElementById("welcome"),
  form: document.getElementById("greet-form"),
  name: document.getElementById("name"),
  reply: document.getElementById("reply"),
  stream: document.getElementById("stream"),
  streamStatus: document.getElementById("stream-status"),
  error: document.getElementById("error"),
};

function routed(route, data) {
  return {
    data: data == null ? null : Buffer.from(data, "utf8"),
    metadata: encodeCompositeMetadata([
      [WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, encodeRoute(route)],
    ]),
  };
}

function greeting(payload) {
  return JSON.parse(payload.data.toString("utf8"));
}

// rsocket-js fails with an Error, or with nothing when the WebSocket cannot be opened
function describe(error) {
  return error instanceof Error ? error.message : `no WebSocket could be opened to ${url}`;
}

function showError(what, error) {
  page.error.textContent = what + " failed: " + describe(error);
}

// Answers the server's call back (its @ConnectMapping "demo.connect" calls "client.status").
const responder = {
  requestResponse(payload, subscriber) {
    page.welcome.textContent = payload.data.toString("utf8");
    subscriber.onNext({ data: Buffer.from("demo page, all well", "utf8") }, true);
    return { cancel() {}, onExtension() {} };
  },
};

let connection = null;

function connect() {
  if (connection == null) {
    const connector = new RSocketConnector({
      setup: {
        dataMimeType: "application/json",
        metadataMimeType: WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.string,
        keepAlive: 20000,
        lifetime: 90000,
        payload: routed("demo.connect", "demo-page"),
      },
      transport: new WebsocketClientTransport({ url }),
      responder,
    });
    page.status.textContent = "connecting";
    connection = connector.connect().then(
      (rsocket) => {
        page.status.textContent = "connected";
        rsocket.onClose((error) => {
          connection = null;
          page.status.textContent = error ? "closed: " + describe(error) : "closed";
        });
        return rsocket;
      },
      (error) => {
        connection = null;
        page.status.textContent = "not connected: " + describe(error);
        throw error;
      });
  }
  return connection;
}

function sayHello(rsocket, name) {
  page.reply.textContent = "";
  rsocket.requestResponse(routed("greetings.hello", name), {
    onNext(payload) {
      page.reply.textContent = greeting(payload).message;
    },
    onComplete() {},
    onError(error) {
      showError("greetings.hello", error);
    },
    onExtension() {},
  });
}

function streamGreetings(rsocket, name) {
  page.stream.replaceChildren();
  page.streamStatus.textContent = "streaming";
  rsocket.requestStream(routed("greetings.stream", name), MAX_REQUEST_N, {
    onNext(payload, isComplete) {
      const item = document.createElement("li");
      item.textContent = greeting(payload).message;
      page.stream.append(item);
      if (isComplete) {
        this.onComplete();
      }
    },
    onComplete() {
      page.streamStatus.textContent = `complete: ${page.stream.children.length} greetings`;
    },
    onError(error) {
      page.streamStatus.textContent = "failed";
      showError("greetings.stream", error);
    },
    onExtension() {},
  });
}

page.form.addEventListener("submit", (event) => {
  event.preventDefault();
  page.error.textContent = "";
  const name = page.name.value.trim() || "world";
  connect().then(
    (rsocket) => {
      sayHello(rsocket, name);
      streamGreetings(rsocket, name);
    },
    (error) => showError("connecting", error));
});

connect().catch(() => {});
