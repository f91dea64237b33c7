package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * TikTok's media transfer (networks.md 8.2) for {@link FakeTikTok}: the chunk rules checked at
 * {@code video/init}, and the chunk {@code PUT}s, in order, each exactly its {@code Content-Range}.
 */
final class FakeTikTokChunks {

  static final long MB = FakeTikTok.MB;
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  private FakeTikTokChunks() {}

  static final class Upload {
    long size;
    long chunkSize;
    int count;
    int received;
    long next;
    final MessageDigest digest = FakeTikTok.sha();
    String sha256;
    int polls;
    String failReason;
    boolean complete;
    FakeTikTok.Post post;
  }

  /** TikTok's media transfer rules (networks.md 8.2); null when they hold. */
  static String rules(long size, long chunk, int count) {
    if (size <= 0 || chunk <= 0 || count <= 0) {
      return "video_size, chunk_size and total_chunk_count are required";
    }
    if (size > 4_000L * MB * 1) {
      return "video_size over 4 GB";
    }
    if (size < 5 * MB) {
      return chunk == size && count == 1 ? null : "a video under 5 MB is uploaded as one chunk of its whole size";
    }
    if (chunk == size && size <= 64 * MB) {
      return count == 1 ? null : "total_chunk_count must be 1";
    }
    if (chunk < 5 * MB || chunk > 64 * MB) {
      return "chunk_size must be between 5 MB and 64 MB";
    }
    if (count != size / chunk) {
      return "total_chunk_count must be floor(video_size / chunk_size) = " + size / chunk;
    }
    if (count > 1000) {
      return "at most 1000 chunks";
    }
    if (size - (count - 1) * chunk > 128 * MB) {
      return "the last chunk may be at most 128 MB";
    }
    return null;
  }

  static void chunk(HttpExchange ex, Map<String, Upload> uploads) throws IOException {
    String id = ex.getRequestURI().getPath().substring("/upload/".length());
    var up = uploads.get(id);
    byte[] bytes = ex.getRequestBody().readAllBytes();
    if (up == null || !"PUT".equals(ex.getRequestMethod()) || up.complete) {
      FakeTikTok.error(ex, 404, "invalid_params", "no upload in progress here");
      return;
    }
    var m = RANGE.matcher(LoopbackHttp.header(ex, "Content-Range"));
    if (!m.matches()) {
      FakeTikTok.error(ex, 400, "invalid_file_upload", "Content-Range must be bytes first-last/total");
      return;
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    boolean lastChunk = up.received == up.count - 1;
    long expected = lastChunk ? up.size - (long) (up.count - 1) * up.chunkSize : up.chunkSize;
    if (total != up.size || first != up.next || last - first + 1 != expected || bytes.length != expected) {
      FakeTikTok.error(ex, 400, "invalid_file_upload", "chunk " + (up.received + 1) + " must be bytes " + up.next + "-"
          + (up.next + expected - 1) + "/" + up.size);
      return;
    }
    synchronized (up) {
      up.digest.update(bytes);
      up.received++;
      up.next = last + 1;
      if (up.received == up.count) {
        up.complete = true;
      }
    }
    LoopbackHttp.empty(ex, lastChunk ? 201 : 206);
  }
}
