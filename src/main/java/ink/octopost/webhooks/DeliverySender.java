package ink.octopost.webhooks;

import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.SecretBox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** One attempt of one delivery: signs the body per Standard Webhooks and posts it. */
@Component
class DeliverySender {

  static final long MAX_RESPONSE_BYTES = 64 * 1024;
  static final int KEPT_RESPONSE_CHARS = 1000;

  private final OutboundHttp outbound;
  private final SecretBox box;
  private final WebhookProperties props;

  DeliverySender(OutboundHttp outbound, SecretBox box, WebhookProperties props) {
    this.outbound = outbound;
    this.box = box;
    this.props = props;
  }

  /** The value of the webhook-signature header: the current secret's, then the rotated-out one's while it lasts. */
  String signature(DeliveryStore.Claimed c, long timestamp, Instant now) {
    String sig = Signatures.sign(open(c.secret(), c.webhookId()), c.id(), timestamp, c.body());
    if (c.previousSecret() != null && c.previousExpiresAt() != null && c.previousExpiresAt().isAfter(now)) {
      sig += " " + Signatures.sign(open(c.previousSecret(), c.webhookId()), c.id(), timestamp, c.body());
    }
    return sig;
  }

  private String open(byte[] sealed, String webhookId) {
    return new String(box.open(sealed, WebhookService.sealContext(webhookId)), StandardCharsets.UTF_8);
  }

  DeliveryStore.Attempt send(DeliveryStore.Claimed c, Instant now) {
    long timestamp = now.getEpochSecond();
    long started = System.nanoTime();
    try {
      var request = OutboundHttp.request(URI.create(c.url()))
          .timeout(props.timeout())
          .header("Content-Type", "application/json")
          .header("webhook-id", c.id())
          .header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", signature(c, timestamp, now))
          .POST(HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.UTF_8))
          .build();
      var response = outbound.send(request, MAX_RESPONSE_BYTES);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (body.length() > KEPT_RESPONSE_CHARS) {
        body = body.substring(0, KEPT_RESPONSE_CHARS) + "…";
      }
      int code = response.statusCode();
      return new DeliveryStore.Attempt(code, body, millis(started),
          code / 100 == 2 ? null : "the endpoint answered " + code);
    } catch (OutboundHttp.Blocked e) {
      return new DeliveryStore.Attempt(null, null, millis(started), "refused: " + e.getMessage());
    } catch (OutboundHttp.NotSent e) {
      return new DeliveryStore.Attempt(null, null, millis(started), e.getMessage());
    } catch (OutboundHttp.TooLarge e) {
      return new DeliveryStore.Attempt(null, null, millis(started), "the answer was larger than 64 KiB");
    } catch (HttpTimeoutException e) {
      return new DeliveryStore.Attempt(null, null, millis(started),
          "no answer within " + props.timeout().toMillis() / 1000.0 + " s");
    } catch (IOException e) {
      return new DeliveryStore.Attempt(null, null, millis(started), "connection failed: " + e.getClass().getSimpleName());
    } catch (IllegalArgumentException e) {
      return new DeliveryStore.Attempt(null, null, millis(started), "invalid URL");
    }
  }

  private static int millis(long started) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
  }
}
