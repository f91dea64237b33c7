package ink.octopost.webhooks;

import ink.octopost.events.EventType;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.Ids;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import ink.octopost.shared.Page;
import ink.octopost.shared.SecretBox;
import ink.octopost.shared.Violations;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Webhook endpoints: registration, secrets, the delivery log. */
@Service
class WebhookService {

  private final WebhookRepository webhooks;
  private final DeliveryStore deliveries;
  private final SecretBox box;
  private final OutboundHttp outbound;
  private final boolean allowPrivate;
  private final WebhookProperties props;
  private final DeliveryWorker worker;
  private final JsonMapper json;
  private final Clock clock;

  WebhookService(WebhookRepository webhooks, DeliveryStore deliveries, SecretBox box, OutboundHttp outbound,
      OutboundProperties outboundProps, WebhookProperties props, DeliveryWorker worker, JsonMapper json, Clock clock) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.box = box;
    this.outbound = outbound;
    this.allowPrivate = outboundProps.allowPrivateNetworks();
    this.props = props;
    this.worker = worker;
    this.json = json;
    this.clock = clock;
  }

  static String sealContext(String webhookId) {
    return "webhook-secret:" + webhookId;
  }

  /** What a create or update sets; null fields are not set. */
  record Changes(String url, List<String> events, boolean descriptionSet, String description, Boolean active) {}

  /** A webhook with its secret in clear: only create and rotate return one. */
  record WithSecret(Webhook webhook, String secret) {}

  Page<Webhook> page(String ws, boolean sandbox, Cursor after, int limit) {
    return Page.of(webhooks.page(ws, sandbox, after, limit + 1), limit, Webhook::createdAt, Webhook::id);
  }

  Webhook get(String ws, boolean sandbox, String id) {
    return webhooks.find(ws, sandbox, id).orElseThrow(() -> ApiException.notFound("Webhook"));
  }

  @Transactional
  WithSecret create(String ws, boolean sandbox, Changes c) {
    var v = new Violations();
    if (c.url() == null) {
      v.add("url", "is required");
    }
    if (c.events() == null) {
      v.add("events", "is required");
    }
    v.throwIfAny();
    Instant now = now();
    var w = check(new Webhook(Ids.newId("wh"), ws, sandbox, c.url(), c.events(), c.description(),
        c.active() == null || c.active(), null, now, now));
    String secret = Signatures.newSecret();
    webhooks.insert(w, box.seal(secret.getBytes(StandardCharsets.UTF_8), sealContext(w.id())));
    return new WithSecret(get(ws, sandbox, w.id()), secret);
  }

  @Transactional
  Webhook update(String ws, boolean sandbox, String id, Changes c) {
    var current = get(ws, sandbox, id);
    var w = check(new Webhook(id, ws, sandbox, c.url() != null ? c.url() : current.url(),
        c.events() != null ? c.events() : current.events(),
        c.descriptionSet() ? c.description() : current.description(),
        c.active() != null ? c.active() : current.active(), current.disabledReason(), current.createdAt(), now()));
    webhooks.update(w);
    if (w.active()) {
      worker.wake();
    }
    return get(ws, sandbox, id);
  }

  @Transactional
  void delete(String ws, boolean sandbox, String id) {
    get(ws, sandbox, id);
    webhooks.delete(id);
  }

  /** A new secret; the old one keeps signing beside it for the overlap (24 h). */
  @Transactional
  WithSecret rotate(String ws, boolean sandbox, String id) {
    var w = get(ws, sandbox, id);
    Instant now = now();
    var sealed = webhooks.secrets(id);
    String secret = Signatures.newSecret();
    webhooks.rotate(id, box.seal(secret.getBytes(StandardCharsets.UTF_8), sealContext(id)), sealed.current(),
        now.plus(props.secretOverlap()), now);
    return new WithSecret(get(ws, sandbox, w.id()), secret);
  }

  /** Queues a {@code webhook.test} message to this endpoint only. */
  @Transactional
  DeliveryStore.Delivery test(String ws, boolean sandbox, String id) {
    var w = get(ws, sandbox, id);
    if (!w.active()) {
      throw ApiException.conflict("The webhook is disabled; set is_active to true first");
    }
    Instant now = now();
    var payload = new LinkedHashMap<String, Object>();
    payload.put("id", Ids.newId("evt"));
    payload.put("type", "webhook.test");
    payload.put("created_at", now);
    payload.put("data", Map.of("webhook", Map.of("id", w.id(), "url", w.url())));
    String deliveryId = Ids.newId("msg");
    deliveries.insertTest(deliveryId, id, json.writeValueAsString(payload), now);
    worker.wake();
    return deliveries.find(id, deliveryId).orElseThrow();
  }

  Page<DeliveryStore.Delivery> deliveries(String ws, boolean sandbox, String id, Cursor after, int limit) {
    get(ws, sandbox, id);
    return Page.of(deliveries.page(id, after, limit + 1), limit, DeliveryStore.Delivery::createdAt,
        DeliveryStore.Delivery::id);
  }

  @Transactional
  DeliveryStore.Delivery redeliver(String ws, boolean sandbox, String id, String deliveryId) {
    var w = get(ws, sandbox, id);
    var d = deliveries.find(id, deliveryId).orElseThrow(() -> ApiException.notFound("Delivery"));
    if (!w.active()) {
      throw ApiException.conflict("The webhook is disabled; set is_active to true first");
    }
    if (d.status().equals("delivering") || !deliveries.redeliver(deliveryId, now())) {
      throw ApiException.conflict("The delivery is being sent right now");
    }
    worker.wake();
    return deliveries.find(id, deliveryId).orElseThrow();
  }

  /**
   * Checks a whole webhook: https (unless private networks are allowed), a public host (never a
   * cloud metadata one), known events.
   */
  private Webhook check(Webhook w) {
    var v = new Violations();
    String url = w.url();
    String problem = outbound.problem(url);
    if (problem != null) {
      v.add("url", problem);
    } else if (!allowPrivate && !url.toLowerCase(Locale.ROOT).startsWith("https://")) {
      v.add("url", "must be an https URL");
    } else {
      try {
        outbound.check(URI.create(url));
      } catch (OutboundHttp.Blocked e) {
        v.add("url", e.reason());
      } catch (OutboundHttp.NotSent | IllegalArgumentException e) {
        // not resolvable now: checked again at every delivery
      }
    }
    if (w.events().isEmpty()) {
      v.add("events", "must name at least one event");
    }
    for (int i = 0; i < w.events().size(); i++) {
      String e = w.events().get(i);
      if (EventType.fromWire(e).isEmpty()) {
        v.add("events[" + i + "]", "unknown event '" + e + "'");
      } else if (w.events().indexOf(e) != i) {
        v.add("events[" + i + "]", "'" + e + "' is listed twice");
      }
    }
    if (w.description() != null && w.description().length() > 500) {
      v.add("description", "must be at most 500 characters");
    }
    v.throwIfAny();
    return w;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
