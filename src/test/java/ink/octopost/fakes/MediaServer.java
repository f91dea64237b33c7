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

  public MediaServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      byte[] body = files.get(ex.getRequestURI().getPath());
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
  }

  /** Serves {@code bytes} and returns their URL. */
  public String serve(String name, byte[] bytes) {
    files.put("/" + name, bytes);
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
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

  @Override
  public void close() {
    server.stop(0);
  }
}
