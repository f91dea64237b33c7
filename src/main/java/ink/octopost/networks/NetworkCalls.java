package ink.octopost.networks;

import ink.octopost.shared.OutboundHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What every connector does with a call: send it, and classify a transport failure. */
public final class NetworkCalls {

  private NetworkCalls() {}

  /**
   * Sends through the outbound client. A request that never left is {@code Unavailable} (safe
   * to retry); one that may have arrived is {@code OutcomeUnknown}; a refused destination is
   * {@code Rejected}.
   */
  public static HttpResponse<byte[]> send(OutboundHttp http, HttpRequest request, String network) throws NetworkFailure {
    try {
      return http.send(request);
    } catch (OutboundHttp.Blocked e) {
      throw new NetworkFailure.Rejected("blocked_destination", e.getMessage());
    } catch (OutboundHttp.NotSent e) {
      throw new NetworkFailure.Unavailable(network + " could not be reached: " + e.getMessage());
    } catch (IOException e) {
      throw new NetworkFailure.OutcomeUnknown(network + " did not answer: " + describe(e));
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  public static Instant retryAfter(HttpResponse<?> response, Instant now) {
    var header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return null;
    }
    String v = header.get().strip();
    try {
      return now.plusMillis((long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      try {
        return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
