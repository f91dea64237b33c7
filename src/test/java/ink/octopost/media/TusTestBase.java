package ink.octopost.media;


import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the resumable-upload tests share: a tus client over real HTTP, raw sockets for broken
 * connections.
 */
abstract class TusTestBase extends ApiTestBase {

  /** A 1 GB limit on video (the default): the largest upload. */
  static final long MAX = 1L << 30;

  @Autowired protected MediaStore store;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected MediaCollector collector;

  // --- helpers ---

  Api.Request tus(String method, String path) {
    return api.request(method, path).key(tenant.key()).header("Tus-Resumable", "1.0.0");
  }

  Api.Response create(long length, String metadata) {
    var r = tus("POST", "/v1/uploads").header("Upload-Length", Long.toString(length));
    return (metadata == null ? r : r.header("Upload-Metadata", metadata)).send();
  }

  Api.Response patch(String at, long offset, byte[] bytes) {
    return tus("PATCH", at).header("Upload-Offset", Long.toString(offset))
        .header("Content-Type", "application/offset+octet-stream").body(bytes).send();
  }

  Api.Response patchWith(String at, long offset, byte[] bytes, String checksum) {
    return tus("PATCH", at).header("Upload-Offset", Long.toString(offset)).header("Upload-Checksum", checksum)
        .header("Content-Type", "application/offset+octet-stream").body(bytes).send();
  }

  byte[] patchHead(String at, long offset, long contentLength) {
    return ("PATCH " + at + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + tenant.key()
        + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset + "\r\nContent-Type: application/offset+octet-stream"
        + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A client that announces all of {@code chunk} but sends only {@code sent} bytes, then drops the connection. */
  void interruptedPatch(String at, long offset, byte[] chunk, int sent) throws IOException {
    try (Socket s = new Socket("localhost", port)) {
      OutputStream out = s.getOutputStream();
      out.write(patchHead(at, offset, chunk.length));
      out.write(chunk, 0, sent);
      out.flush();
    }
  }

  /** The server notices a dropped connection on its own schedule: wait (boundedly) for the offset to move. */
  long awaitOffset(String at, LongPredicate done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      long offset = Long.parseLong(tus("HEAD", at).send().header("Upload-Offset"));
      if (done.test(offset) || System.nanoTime() > deadline) {
        return offset;
      }
      Thread.sleep(50);
    }
  }

  void awaitLocked(String at) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Boolean locked = jdbc.sql("SELECT lock_token IS NOT NULL FROM media_uploads WHERE id = ?").param(id(at)).query(Boolean.class).single();
      if (locked) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the first PATCH never took the upload");
  }

  String[] partKeys(String at) {
    return jdbc.sql("SELECT parts FROM media_uploads WHERE id = ?").param(id(at))
        .query((rs, n) -> (String[]) rs.getArray(1).getArray()).single();
  }

  static String id(String at) {
    return at.substring(at.lastIndexOf('/') + 1);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] digest(String algorithm, byte[] b) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(b);
  }

  static byte[] noisePng(int w, int h) throws IOException {
    var img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var rnd = new Random(42);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rnd.nextInt(0xFFFFFF));
      }
    }
    var out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
