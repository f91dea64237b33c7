package ink.octopost.shared;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way Octopost calls out to the internet (networks, media, webhooks). Every request's
 * host is resolved and refused if any address is link-local or a cloud metadata service (always,
 * short of {@code OCTOPOST_OUTBOUND_ALLOWED_ADDRESSES}), or loopback, private or otherwise
 * internal (unless {@code OCTOPOST_OUTBOUND_ALLOW_PRIVATE_NETWORKS}); redirects are never
 * followed; responses are cut off at a size cap; and a failure says whether the request can have
 * reached the server.
 */
@Component
public class OutboundHttp {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

  private final HttpClient client;
  private final boolean allowPrivate;
  private final List<AddressRules.Range> allowed;
  private final HostResolver resolver;

  @Autowired
  public OutboundHttp(OutboundProperties properties, ObjectProvider<HostResolver> resolver) {
    this(properties, resolver.getIfAvailable(() -> HostResolver.SYSTEM));
  }

  public OutboundHttp(OutboundProperties properties) {
    this(properties, HostResolver.SYSTEM);
  }

  public OutboundHttp(OutboundProperties properties, HostResolver resolver) {
    this.allowPrivate = properties.allowPrivateNetworks();
    this.allowed = properties.allowedRanges();
    this.resolver = resolver;
    this.client = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        // The client's own tasks (reading answers, completing exchanges) on virtual threads rather
        // than its default pool of platform threads: measured at about half the CPU per request.
        .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("outbound-", 0).factory()))
        .build();
  }

  /** A destination Octopost will not call. */
  public static final class Blocked extends IOException {
    private final String reason;

    Blocked(String host, String reason) {
      super(host + " " + reason);
      this.reason = reason;
    }

    /** Why, without the host: "points at a private or loopback address". */
    public String reason() {
      return reason;
    }
  }

  /** The request certainly never reached the server (refused, unresolvable, connect timeout). */
  public static final class NotSent extends IOException {
    NotSent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The response was larger than the caller allows. */
  public static final class TooLarge extends IOException {
    TooLarge(long max) {
      super("response larger than " + max + " bytes");
    }
  }

  /**
   * Null when Octopost may call this URL as far as can be told without a lookup, else why not:
   * its form, a literal address in any spelling, a metadata service's name.
   */
  public String problem(String url) {
    String form = UrlPolicy.problem(url, true);
    if (form != null) {
      return form;
    }
    String host = AddressRules.normalize(URI.create(url).getHost());
    if (AddressRules.isMetadataName(host) && allowed.isEmpty()) {
      return "points at a cloud metadata service";
    }
    if (AddressRules.looksLikeLiteral(host)) {
      InetAddress a = AddressRules.literal(host);
      if (a == null) {
        return "is not a valid IP address";
      }
      String refusal = refusal(a);
      return refusal == null ? null : "points at " + refusal;
    }
    if (!allowPrivate && UrlPolicy.isInternalHost(host)) {
      return "points at a private or loopback address";
    }
    return null;
  }

  /**
   * Refuses what {@link #problem} refuses, then looks the host up and refuses it if any address
   * is link-local or cloud metadata (in every mode) or internal (unless private networks are
   * allowed), short of the allow-list. Nothing is sent to the host before this passes.
   */
  public void check(URI uri) throws Blocked, NotSent {
    String problem = problem(uri.toString());
    if (problem != null) {
      throw new Blocked(uri.getHost() == null ? "the URL" : uri.getHost(), problem);
    }
    String host = AddressRules.normalize(uri.getHost());
    if (AddressRules.looksLikeLiteral(host)) {
      return;
    }
    InetAddress[] addresses;
    try {
      // The very string the HTTP client looks up, so both share the JDK's cached answer.
      addresses = resolver.resolve(uri.getHost());
    } catch (UnknownHostException e) {
      throw new NotSent("cannot resolve " + uri.getHost(), e);
    }
    if (addresses == null || addresses.length == 0) {
      throw new NotSent("cannot resolve " + uri.getHost(), null);
    }
    boolean metadataName = AddressRules.isMetadataName(host);
    for (InetAddress a : addresses) {
      if (metadataName && !isAllowed(a)) {
        throw new Blocked(uri.getHost(), "points at a cloud metadata service");
      }
      String refusal = refusal(a);
      if (refusal != null) {
        throw new Blocked(uri.getHost(), "resolves to " + refusal);
      }
    }
  }

  /** Null when Octopost may call this address, else what it is. */
  private String refusal(InetAddress a) {
    if (isAllowed(a)) {
      return null;
    }
    if (AddressRules.isMetadata(a)) {
      return "a link-local or cloud metadata address";
    }
    if (!allowPrivate && AddressRules.isInternal(a)) {
      return "a private or loopback address";
    }
    return null;
  }

  private boolean isAllowed(InetAddress a) {
    for (var r : allowed) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends a request and reads at most {@code maxBytes} of the answer.
   *
   * @throws Blocked for a destination Octopost will not call
   * @throws NotSent when the request certainly did not reach the server
   * @throws TooLarge when the answer is bigger than allowed
   * @throws IOException otherwise: the request may have reached the server
   */
  public HttpResponse<byte[]> send(HttpRequest request, long maxBytes) throws IOException {
    return send(request, info -> new Capped(maxBytes));
  }

  /**
   * Sends a request and streams at most {@code maxBytes} of the answer into {@code file} (created
   * or truncated), never holding the body in memory: for media of hundreds of megabytes. The
   * response's body is the number of bytes written. Refusals and failures as {@link #send(HttpRequest, long)};
   * on {@link TooLarge} the file holds a partial body that the caller deletes.
   */
  public HttpResponse<Long> sendToFile(HttpRequest request, Path file, long maxBytes) throws IOException {
    return send(request, info -> new CappedFile(file, maxBytes));
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    check(request.uri());
    try {
      return client.send(request, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new NotSent("cannot connect to " + request.uri().getHost() + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      if (e.getCause() instanceof TooLarge tl) {
        throw tl;
      }
      throw e;
    }
  }

  public HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    return send(request, DEFAULT_MAX_BYTES);
  }

  /**
   * Sends a request and answers as soon as the headers arrive, with the body as a stream the
   * caller reads (capped by the caller) and closes; the same checks and errors as {@link #send}.
   */
  public HttpResponse<java.io.InputStream> stream(HttpRequest request) throws IOException {
    check(request.uri());
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new NotSent("cannot connect to " + request.uri().getHost() + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A request builder with Octopost's default timeout and User-Agent. */
  public static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(DEFAULT_TIMEOUT).header("User-Agent", "Octopost/0.1 (+self-hosted)");
  }

  /** The body as text, for error messages: UTF-8, at most 500 characters. */
  public static String excerpt(HttpResponse<byte[]> response) {
    String s = new String(response.body(), StandardCharsets.UTF_8).strip();
    return s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }

  /** Collects a body, failing once it passes the cap. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Capped(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (out.size() + b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(max));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }

  /** Writes a body to a file as it arrives, failing once it passes the cap. */
  private static final class CappedFile implements HttpResponse.BodySubscriber<Long> {
    private final Path file;
    private final long max;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private FileChannel channel;
    private Flow.Subscription subscription;
    private long written;

    CappedFile(Path file, long max) {
      this.file = file;
      this.max = max;
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        s.cancel();
        result.completeExceptionally(e);
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      try {
        for (ByteBuffer b : items) {
          if (written + b.remaining() > max) {
            fail(new TooLarge(max));
            return;
          }
          while (b.hasRemaining()) {
            written += channel.write(b);
          }
        }
      } catch (IOException e) {
        fail(e);
        return;
      }
      subscription.request(1);
    }

    private void fail(Throwable t) {
      subscription.cancel();
      close();
      result.completeExceptionally(t);
    }

    @Override
    public void onError(Throwable t) {
      close();
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      try {
        if (channel != null) {
          channel.close();
        }
        result.complete(written);
      } catch (IOException e) {
        result.completeExceptionally(e);
      }
    }

    private void close() {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // the caller deletes the file
      }
    }
  }
}
