package ink.octopost.networks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body, for the networks that take uploads that way. */
public final class Multipart {

  private final String boundary = "octopost-" + UUID.randomUUID();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n");
    write(value);
    write("\r\n");
    return this;
  }

  public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
        + escape(fileName) + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(bytes);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public HttpRequest.BodyPublisher body() {
    var copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.ofByteArray(copy.toByteArray());
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String s) {
    return s.replace("\"", "%22").replace("\r", "").replace("\n", "");
  }
}
