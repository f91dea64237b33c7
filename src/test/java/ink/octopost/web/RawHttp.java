package ink.octopost.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bytes on a loopback socket, for requests no HTTP client would send: broken framing, raw bytes in
 * the request line, control characters in headers. Reads one response (Content-Length, chunked, or
 * up to the close).
 */
final class RawHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RawHttp() {}

  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (RuntimeException e) {
        return tools.jackson.databind.node.MissingNode.getInstance();
      }
    }

    /** The documented envelope, with the request id it also carries as a header (HTTP/0.9: no headers). */
    boolean isEnvelope() {
      var j = json();
      if (status == 0) {
        return j.path("error").isString() && j.path("code").isString() && j.path("request_id").isString();
      }
      String type = header("content-type");
      return type != null && type.startsWith("application/json")
          && j.path("error").isString() && !j.path("error").asString().isBlank()
          && j.path("code").isString() && j.path("details").isObject()
          && j.path("request_id").isString()
          && j.path("request_id").asString().equals(header("x-request-id"));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    var out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Sends the bytes; with {@code halfClose}, then ends the request stream as a client that gave up writing. */
  static Reply send(int port, byte[] request, boolean halfClose) {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        if (halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // The server may answer and stop reading before the whole request is written: read its answer.
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply send(int port, byte[] request) {
    return send(port, request, false);
  }

  private static Reply read(InputStream in) throws IOException {
    var buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (true) {
      Reply done = parse(buf.toByteArray(), false);
      if (done != null) {
        return done;
      }
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        throw new IOException("no complete response within 10 s; got: " + buf.toString(StandardCharsets.ISO_8859_1), e);
      } catch (IOException e) {
        n = -1; // a reset after the response is as good as a close
      }
      if (n < 0) {
        Reply atClose = parse(buf.toByteArray(), true);
        if (atClose == null) {
          throw new IOException("connection closed without a response; got: " + buf.toString(StandardCharsets.ISO_8859_1));
        }
        return atClose;
      }
      buf.write(chunk, 0, n);
    }
  }

  /** A complete response from the bytes so far, or null if more must come. */
  private static Reply parse(byte[] bytes, boolean closed) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (!text.isEmpty() && !"HTTP/".startsWith(text.substring(0, Math.min(5, text.length())))) {
      // An HTTP/0.9 answer (to a request line without a version): no status line, no headers.
      return closed ? new Reply(0, Map.of(), new String(bytes, StandardCharsets.UTF_8)) : null;
    }
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return null;
    }
    String[] lines = text.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    var headers = new LinkedHashMap<String, String>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String rest = text.substring(end + 4);
    String body;
    if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      if (rest.length() < length) {
        return null;
      }
      body = rest.substring(0, length);
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      var out = new StringBuilder();
      int at = 0;
      while (true) {
        int eol = rest.indexOf("\r\n", at);
        if (eol < 0) {
          return null;
        }
        int size = Integer.parseInt(rest.substring(at, eol).split(";")[0].trim(), 16);
        if (size == 0) {
          break;
        }
        if (rest.length() < eol + 2 + size + 2) {
          return null;
        }
        out.append(rest, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
      body = out.toString();
    } else if (closed || status == 204 || status == 304) {
      body = rest;
    } else {
      return null;
    }
    return new Reply(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }
}
