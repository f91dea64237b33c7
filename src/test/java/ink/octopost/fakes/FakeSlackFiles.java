package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * {@link FakeSlack}'s three-call upload: {@code files.getUploadURLExternal} (a form only, as
 * Slack reads it), the bytes POSTed to a pre-signed {@code /upload/v1/...} URL without a token,
 * and {@code files.completeUploadExternal} sharing the files in one message; {@code files.info}
 * shows the share's ts, possibly only after some polls; {@code files.delete}.
 */
final class FakeSlackFiles {

  private final FakeSlack slack;
  private final Map<String, FakeSlack.File> files = new ConcurrentHashMap<>();
  private final Map<String, String> uploads = new ConcurrentHashMap<>(); // upload key -> file id
  private final Map<String, byte[]> uploaded = new ConcurrentHashMap<>(); // file id -> bytes
  private final AtomicInteger received = new AtomicInteger();
  private final Map<String, FakeSlack.Message> fileMessages = new ConcurrentHashMap<>(); // file id -> message
  private final Map<String, AtomicInteger> infoPolls = new ConcurrentHashMap<>();
  private volatile int sharesAfterPolls;

  FakeSlackFiles(FakeSlack slack) {
    this.slack = slack;
  }

  void sharesAfterPolls(int polls) {
    this.sharesAfterPolls = polls;
  }

  void uploadUrl(HttpExchange ex, FakeSlack.Bot bot, String type, Map<String, String> args) throws IOException {
    if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
      FakeSlack.fail(ex, "invalid_arguments"); // this method does not read JSON bodies
      return;
    }
    String name = args.get("filename");
    String length = args.get("length");
    if (name == null || name.isBlank() || length == null || !length.matches("\\d{1,12}")) {
      FakeSlack.fail(ex, "invalid_arguments");
      return;
    }
    if (Long.parseLong(length) <= 0) {
      FakeSlack.fail(ex, "missing_argument");
      return;
    }
    String alt = args.get("alt_txt");
    if (alt != null && alt.codePointCount(0, alt.length()) > 1000) {
      FakeSlack.fail(ex, "alt_txt_too_large");
      return;
    }
    var f = new FakeSlack.File("F" + slack.next(), name, Integer.parseInt(length), alt, "application/octet-stream", bot.botId());
    files.put(f.id(), f);
    String key = UUID.randomUUID().toString();
    uploads.put(key, f.id());
    FakeSlack.ok(ex, Map.of("upload_url", slack.origin() + "/upload/v1/" + key, "file_id", f.id()));
  }

  /** Bytes POSTed to upload URLs so far. */
  int received() {
    return received.get();
  }

  /** The upload URL: pre-signed, so no token; answers in plain text. */
  void upload(HttpExchange ex) throws IOException {
    String fileId = uploads.remove(ex.getRequestURI().getPath().substring("/upload/v1/".length()));
    byte[] body = ex.getRequestBody().readAllBytes();
    received.incrementAndGet();
    if (fileId == null || !ex.getRequestMethod().equals("POST")) {
      LoopbackHttp.plain(ex, 404, "Not Found");
      return;
    }
    uploaded.put(fileId, body);
    LoopbackHttp.plain(ex, 200, "OK - " + body.length);
  }

  void complete(HttpExchange ex, FakeSlack.Bot bot, Map<String, String> args) throws IOException {
    slack.countPublishCall();
    if (slack.fault(ex)) {
      return;
    }
    JsonNode list = args.get("files") == null ? null : LoopbackHttp.JSON.readTree(args.get("files"));
    if (list == null || !list.isArray() || list.isEmpty()) {
      FakeSlack.fail(ex, "invalid_arguments");
      return;
    }
    var shared = new ArrayList<FakeSlack.File>();
    for (JsonNode item : list) {
      FakeSlack.File f = files.get(item.path("id").asString(""));
      byte[] bytes = f == null ? null : uploaded.get(f.id());
      if (f == null || !f.owner().equals(bot.botId()) || bytes == null) {
        FakeSlack.fail(ex, "file_not_found");
        return;
      }
      if (bytes.length != f.length()) {
        FakeSlack.fail(ex, "file_upload_size_mismatch");
        return;
      }
      var complete = new FakeSlack.File(f.id(), f.name(), f.length(), f.altTxt(),
          ink.octopost.media.MediaTypes.sniff(bytes), f.owner());
      files.put(f.id(), complete);
      shared.add(complete);
    }
    String channel = args.get("channel_id");
    String threadTs = args.get("thread_ts");
    if (channel != null) {
      String refusal = slack.refusal(bot, channel, threadTs);
      if (refusal != null) {
        FakeSlack.fail(ex, refusal);
        return;
      }
      var m = slack.store(new FakeSlack.Message(channel, slack.ts(), bot.botId(), args.get("initial_comment"), threadTs,
          List.copyOf(shared)));
      shared.forEach(f -> fileMessages.put(f.id(), m));
    }
    if (slack.dropped(ex)) {
      return;
    }
    FakeSlack.ok(ex, Map.of("files", shared.stream().map(f -> view(f, sharesAfterPolls == 0)).toList()));
  }

  void info(HttpExchange ex, Map<String, String> args) throws IOException {
    FakeSlack.File f = files.get(String.valueOf(args.get("file")));
    if (f == null) {
      FakeSlack.fail(ex, "file_not_found");
      return;
    }
    boolean shared = infoPolls.computeIfAbsent(f.id(), k -> new AtomicInteger()).incrementAndGet() >= sharesAfterPolls;
    FakeSlack.ok(ex, Map.of("file", view(f, shared)));
  }

  void delete(HttpExchange ex, Map<String, String> args) throws IOException {
    FakeSlack.File f = files.remove(String.valueOf(args.get("file")));
    if (f == null) {
      FakeSlack.fail(ex, "file_not_found");
      return;
    }
    var m = fileMessages.remove(f.id());
    if (m != null) {
      slack.remove(m);
    }
    FakeSlack.ok(ex, Map.of());
  }

  private Map<String, Object> view(FakeSlack.File f, boolean withShares) {
    var view = new LinkedHashMap<String, Object>();
    view.put("id", f.id());
    view.put("name", f.name());
    view.put("title", f.name());
    view.put("mimetype", f.mimetype());
    view.put("size", f.length());
    view.put("permalink", FakeSlack.TEAM_URL + "files/U0/" + f.id() + "/" + f.name());
    if (f.altTxt() != null) {
      view.put("alt_txt", f.altTxt());
    }
    var m = fileMessages.get(f.id());
    if (withShares && m != null) {
      var channel = slack.channelOf(m.channel());
      var share = new LinkedHashMap<String, Object>();
      share.put("ts", m.ts());
      share.put("channel_name", channel.name());
      share.put("team_id", FakeSlack.TEAM_ID);
      if (m.threadTs() != null) {
        share.put("thread_ts", m.threadTs());
      }
      view.put("shares", Map.of(channel.isPrivate() ? "private" : "public", Map.of(m.channel(), List.of(share))));
    } else {
      view.put("shares", Map.of());
    }
    return view;
  }
}
