package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import ink.octopost.media.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * FakePds's repositories and blob store, answering as the reference PDS (@atproto/pds 0.5) does:
 * uploadBlob sniffs the type from the bytes (a PNG sent as image/jpeg is stored as image/png),
 * getRecord answers 400 RecordNotFound, listRecords pages newest first with a cursor, and
 * deleteRecord of a record that is not there is a 200 with an empty body.
 */
final class PdsRepo {

  private final Map<String, PdsLexicon.Blob> blobs = new ConcurrentHashMap<>();
  /** The bytes of blobs up to 5 MB (images), for tests that look at what was uploaded. */
  private final Map<String, byte[]> blobBytes = new ConcurrentHashMap<>();

  byte[] blobBytes(String cid) {
    return blobBytes.get(cid);
  }
  private final Map<String, FakePds.Post> records = new ConcurrentHashMap<>(); // by uri
  final List<FakePds.Post> created = new CopyOnWriteArrayList<>();

  PdsLexicon.Blob blob(String cid) {
    return blobs.get(cid);
  }

  FakePds.Post record(String uri) {
    return records.get(uri);
  }

  boolean holds(String uri) {
    return records.containsKey(uri);
  }

  /** Stores a new record; false when its key is taken. */
  synchronized boolean put(FakePds.Post post) {
    if (records.containsKey(post.uri())) {
      return false;
    }
    records.put(post.uri(), post);
    created.add(post);
    return true;
  }

  void uploadBlob(HttpExchange ex, long limit) throws IOException, Xrpc.Answer {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || type.isBlank()) {
      throw new Xrpc.Answer(400, "InvalidRequest", "Request encoding (Content-Type) required but not provided");
    }
    byte[] bytes = ex.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw new Xrpc.Answer(413, "PayloadTooLarge", "request entity too large");
    }
    var blob = new PdsLexicon.Blob(Xrpc.cid(0x55, bytes), sniff(bytes, type.split(";")[0].strip()), bytes.length);
    blobs.put(blob.cid(), blob);
    if (bytes.length <= 5_000_000) {
      blobBytes.put(blob.cid(), bytes);
    }
    Xrpc.send(ex, 200, Map.of("blob", view(blob)));
  }

  /** The type the bytes say they are (as the PDS's file-type sniffing finds), else the declared one. */
  static String sniff(byte[] bytes, String declared) {
    String sniffed = MediaTypes.sniff(bytes);
    return sniffed.equals("application/octet-stream") ? declared : sniffed;
  }

  static Map<String, Object> view(PdsLexicon.Blob b) {
    var m = new LinkedHashMap<String, Object>();
    m.put("$type", "blob");
    m.put("ref", Map.of("$link", b.cid()));
    m.put("mimeType", b.mimeType());
    m.put("size", b.size());
    return m;
  }

  void getRecord(HttpExchange ex, String did) throws IOException, Xrpc.Answer {
    var q = Xrpc.query(ex);
    String uri = "at://" + did + "/" + q.get("collection") + "/" + q.get("rkey");
    FakePds.Post p = records.get(uri);
    if (p == null) {
      throw new Xrpc.Answer(400, "RecordNotFound",
          "Could not locate record: at://" + q.get("repo") + "/" + q.get("collection") + "/" + q.get("rkey"));
    }
    Xrpc.send(ex, 200, Map.of("uri", p.uri(), "cid", p.cid(), "value", p.value()));
  }

  /** Newest first (by record key), {@code limit} (1-100, 50 by default) after {@code cursor}. */
  void listRecords(HttpExchange ex, String did) throws IOException, Xrpc.Answer {
    var q = Xrpc.query(ex);
    String collection = q.get("collection");
    if (collection == null) {
      throw new Xrpc.Answer(400, "InvalidRequest", "Error: Params must have the property \"collection\"");
    }
    int limit;
    try {
      limit = Integer.parseInt(q.getOrDefault("limit", "50"));
    } catch (NumberFormatException e) {
      throw new Xrpc.Answer(400, "InvalidRequest", "Error: limit must be an integer");
    }
    String cursor = q.get("cursor");
    var page = records.values().stream()
        .filter(p -> p.did().equals(did) && p.uri().startsWith("at://" + did + "/" + collection + "/"))
        .filter(p -> cursor == null || p.rkey().compareTo(cursor) < 0)
        .sorted(Comparator.comparing(FakePds.Post::rkey).reversed())
        .limit(Math.max(1, Math.min(100, limit)))
        .map(p -> Map.<String, Object>of("uri", p.uri(), "cid", p.cid(), "value", p.value()))
        .toList();
    var answer = new LinkedHashMap<String, Object>();
    if (!page.isEmpty()) {
      String last = (String) page.getLast().get("uri");
      answer.put("cursor", last.substring(last.lastIndexOf('/') + 1));
    }
    answer.put("records", page);
    Xrpc.send(ex, 200, answer);
  }

  /** Idempotent: a commit when something was deleted, {@code {}} when nothing was there. */
  void deleteRecord(HttpExchange ex, String did, JsonNode body) throws IOException, Xrpc.Answer {
    String uri = "at://" + did + "/" + Xrpc.required(body, "collection") + "/" + Xrpc.required(body, "rkey");
    if (records.remove(uri) == null) {
      Xrpc.send(ex, 200, Map.of());
      return;
    }
    Xrpc.send(ex, 200, Map.of("commit", Map.of("cid", Xrpc.cid(0x71, Xrpc.tid().getBytes(StandardCharsets.UTF_8)),
        "rev", Xrpc.tid())));
  }
}
