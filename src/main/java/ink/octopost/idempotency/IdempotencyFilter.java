package ink.octopost.idempotency;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import ink.octopost.shared.FilterOrder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/** Applies {@code Idempotency-Key} to authenticated POSTs. */
class IdempotencyFilter extends OncePerRequestFilter {

  static final String HEADER = "Idempotency-Key";

  private final IdempotencyStore store;

  IdempotencyFilter(IdempotencyStore store) {
    this.store = store;
  }

  /**
   * Not for the bytes of a resumable upload ({@code application/offset+octet-stream}): they may be
   * gigabytes, never held in memory, and tus makes them safe to repeat by their offset.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String type = request.getContentType();
    return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
        || type != null && type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/offset+octet-stream");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var principal = ApiKeyPrincipal.of(request);
    if (principal.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    String key = request.getHeader(HEADER);
    if (!validKey(key)) {
      throw ApiException.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    String apiKeyId = principal.get().keyId();
    byte[] body = request.getInputStream().readAllBytes();
    byte[] hash = hash(request, body);

    if (!store.claim(apiKeyId, key, hash)) {
      var existing = store.existing(apiKeyId, key, hash);
      if (existing.isEmpty()) { // completed and released between our two statements: try once more
        if (!store.claim(apiKeyId, key, hash)) {
          throw ApiException.conflict("A request with this Idempotency-Key is still in progress");
        }
      } else {
        switch (existing.get()) {
          case IdempotencyStore.Different d ->
              throw new ApiException(
                  ErrorCode.IDEMPOTENCY_KEY_REUSED,
                  "This Idempotency-Key was already used for a different request");
          case IdempotencyStore.InFlight f ->
              throw ApiException.conflict("A request with this Idempotency-Key is still in progress");
          case IdempotencyStore.Completed c -> {
            replay(c, response);
            return;
          }
        }
      }
    }

    var captured = new ContentCachingResponseWrapper(response);
    boolean stored = false;
    try {
      chain.doFilter(new CachedBody(request, body), captured);
      int status = captured.getStatus();
      if (status < 500 && status != 409 && status != 429) {
        store.complete(apiKeyId, key, status, captured.getContentType(), captured.getContentAsByteArray());
        stored = true;
      }
    } finally {
      if (!stored) {
        store.release(apiKeyId, key); // a failure the client may retry with the same key
      }
      captured.copyBodyToResponse();
    }
  }

  private static void replay(IdempotencyStore.Completed c, HttpServletResponse response)
      throws IOException {
    response.setStatus(c.status());
    response.setHeader("Idempotent-Replayed", "true");
    if (c.contentType() != null) {
      response.setContentType(c.contentType());
    }
    response.setContentLength(c.body().length);
    response.getOutputStream().write(c.body());
  }

  private static boolean validKey(String key) {
    if (key.isEmpty() || key.length() > 255) {
      return false;
    }
    return key.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e);
  }

  private static byte[] hash(HttpServletRequest request, byte[] body) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      String head = request.getMethod() + "\n" + request.getRequestURI() + "\n"
          + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n";
      digest.update(head.getBytes(StandardCharsets.UTF_8));
      return digest.digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves the already-read body to the handler. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store) {
      var bean = new FilterRegistrationBean<>(new IdempotencyFilter(store));
      bean.setOrder(FilterOrder.IDEMPOTENCY);
      return bean;
    }
  }
}
