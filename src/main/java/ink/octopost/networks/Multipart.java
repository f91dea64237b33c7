package ink.octopost.networks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A multipart/form-data body, for the networks that take uploads that way. Fields and small parts
 * are bytes; a file part may be streamed ({@link #file(String, String, String, MediaFile)}): the
 * body is then the framing bytes and the streamed parts one after the other, its length known in
 * advance (a fixed Content-Length, as the networks want), and no file is ever copied into memory.
 */
public final class Multipart {

  private final String boundary = "octopost-" + UUID.randomUUID();
  /** What is complete so far: byte pieces and streamed parts, in order. */
  private final List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
  /** Framing and fields not yet closed into a piece. */
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private long length;

  public Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n");
    write(value);
    write("\r\n");
    return this;
  }

  /** A file part from bytes already in memory (small payloads only). */
  public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
    header(name, fileName, contentType);
    pending.writeBytes(bytes);
    length += bytes.length;
    write("\r\n");
    return this;
  }

  /** A file part streamed from the media store when the request is sent. */
  public Multipart file(String name, String fileName, String contentType, MediaFile file) {
    return file(name, fileName, contentType, file.bodyPublisher());
  }

  /**
   * A file part streamed from {@code content}, whose length must be known (every network here
   * wants a Content-Length, and a length-less part would make the whole body chunked).
   */
  public Multipart file(String name, String fileName, String contentType, HttpRequest.BodyPublisher content) {
    if (content.contentLength() < 0) {
      throw new IllegalArgumentException("a streamed part needs a known length");
    }
    header(name, fileName, contentType);
    flush();
    pieces.add(content);
    length += content.contentLength();
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The whole body's length in bytes, closing boundary included. */
  public long contentLength() {
    return length + ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The body: each call gives a publisher that can be sent (and resent) on its own; streamed parts
   * open their source afresh for each sending.
   */
  public HttpRequest.BodyPublisher body() {
    var all = new ArrayList<>(pieces);
    var tail = new ByteArrayOutputStream();
    tail.writeBytes(pending.toByteArray());
    tail.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    all.add(HttpRequest.BodyPublishers.ofByteArray(tail.toByteArray()));
    if (all.size() == 1) {
      return all.getFirst();
    }
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private void header(String name, String fileName, String contentType) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
        + escape(fileName) + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
  }

  private void flush() {
    if (pending.size() > 0) {
      pieces.add(HttpRequest.BodyPublishers.ofByteArray(pending.toByteArray()));
      pending.reset();
    }
  }

  private void write(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    pending.writeBytes(b);
    length += b.length;
  }

  private static String escape(String s) {
    return s.replace("\"", "%22").replace("\r", "").replace("\n", "");
  }
}
