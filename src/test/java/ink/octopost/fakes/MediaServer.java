package ink.octopost.fakes;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** Serves test media on loopback: a real PNG of any size, a JPEG header, an MP4 header. */
public final class MediaServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> types = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

  public MediaServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      fetches.incrementAndGet();
      byte[] body = files.get(ex.getRequestURI().getPath());
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.getResponseHeaders().add("Content-Type", types.getOrDefault(ex.getRequestURI().getPath(), "application/octet-stream"));
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
  }

  /** Requests received so far. */
  public int fetches() {
    return fetches.get();
  }

  /** Serves {@code bytes} and returns their URL. */
  public String serve(String name, byte[] bytes) {
    files.put("/" + name, bytes);
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  /** Serves {@code bytes} as {@code contentType} (e.g. a page, {@code text/html}) and returns their URL. */
  public String serve(String name, byte[] bytes, String contentType) {
    types.put("/" + name, contentType);
    return serve(name, bytes);
  }

  /** A valid PNG of the given size (a real image any decoder accepts). */
  public static byte[] png(int width, int height) {
    try {
      var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
      var out = new ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The start of an MP4 file (ftyp box) followed by padding: enough for type sniffing. */
  public static byte[] mp4(int size) {
    byte[] b = new byte[Math.max(size, 32)];
    byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'i', 's', 'o', '2'};
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  /** An MP4 whose video track header ({@code moov/trak/tkhd}) says {@code width} x {@code height}. */
  public static byte[] mp4(int width, int height) {
    var tkhd = java.nio.ByteBuffer.allocate(92).putInt(92).put("tkhd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    tkhd.position(84);
    tkhd.putInt(width << 16).putInt(height << 16);
    var trak = java.nio.ByteBuffer.allocate(8 + 92).putInt(100).put("trak".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put(tkhd.array());
    var moov = java.nio.ByteBuffer.allocate(8 + 100).putInt(108).put("moov".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put(trak.array());
    return java.nio.ByteBuffer.allocate(32 + 108).put(mp4(24), 0, 24).putInt(8)
        .put("free".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(moov.array()).array();
  }

  /**
   * A large MP4: the ftyp box, an {@code mdat} of {@code payload} pseudo-random bytes (the same for
   * the same size), then the {@code moov} box with a track of {@code width} x {@code height}, as
   * an encoder that does not move the moov to the front writes it.
   */
  public static byte[] mp4WithMedia(int width, int height, int payload) {
    byte[] header = mp4(width, height); // ftyp (24), free (8), moov (108)
    var out = java.nio.ByteBuffer.allocate(24 + 8 + payload + 108);
    out.put(header, 0, 24);
    out.putInt(8 + payload).put("mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] data = new byte[payload];
    new java.util.Random(payload).nextBytes(data);
    out.put(data);
    out.put(header, 32, 108);
    return out.array();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
