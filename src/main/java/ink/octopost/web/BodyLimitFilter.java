package ink.octopost.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: a declared Content-Length over the limit is refused before a byte is
 * read, and a chunked body is cut off the moment it passes the limit. Either way: 413.
 *
 * <p>The bytes of a resumable upload ({@code application/offset+octet-stream} to {@code
 * /v1/uploads}) are exempt: they are streamed to storage, never held in memory, and bounded by the
 * length the upload declared when it was created. So are multipart uploads to {@code /v1/media},
 * which the container writes to disk under the media library's limits.
 */
class BodyLimitFilter extends OncePerRequestFilter {

  static final String UPLOAD_PATH = "/v1/uploads";
  static final String UPLOAD_BYTES = "application/offset+octet-stream";

  private final long max;

  BodyLimitFilter(long max) {
    this.max = max;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getServletPath();
    String type = request.getContentType();
    String lower = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
    // a multipart upload to the media library streams to disk under the library's own limits,
    // which name the setting to change (the largest file, the workspace's quota)
    boolean mediaUpload = "POST".equals(request.getMethod()) && path.equals("/v1/media")
        && lower.startsWith("multipart/form-data");
    return mediaUpload
        || ((path.equals(UPLOAD_PATH) || path.startsWith(UPLOAD_PATH + "/")) && lower.startsWith(UPLOAD_BYTES));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > max) {
      throw ErrorTranslator.tooLarge();
    }
    chain.doFilter(new Limited(request, max), response);
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), max);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String enc = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(getInputStream(), enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long max;
    private long count;

    CountingStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > max) {
        throw ErrorTranslator.tooLarge();
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
