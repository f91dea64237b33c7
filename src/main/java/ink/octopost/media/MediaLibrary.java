package ink.octopost.media;

import ink.octopost.events.EventOutbox;
import ink.octopost.events.EventType;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.ErrorCode;
import ink.octopost.shared.Ids;
import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The media library: files stream in (upload, URL import, resumable upload), are typed from their
 * bytes, probed, deduplicated by SHA-256 within a workspace and stored once; each network gets a
 * fitted variant computed once and reused.
 */
@Service
public class MediaLibrary {

  private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);

  /** What an ingest produced: a new object ({@code created}) or the workspace's existing one with the same bytes. */
  public record Ingested(MediaItem item, boolean created) {}

  /** The stored object behind a media id and variant (null: the original), for serving it. */
  public record Stored(String storageKey, String mimeType, long sizeBytes, String filename) {}

  private final MediaRepository repo;
  private final MediaStore store;
  private final MediaProbe probe;
  private final MediaProperties properties;
  private final Staging staging;
  private final UrlImports imports;
  private final EventOutbox events;
  private final MediaViews views;
  private final MediaMetrics metrics;
  private final TransactionTemplate tx;
  private final MediaLocator locator;
  private final Clock clock;

  MediaLibrary(MediaRepository repo, MediaStore store, MediaProbe probe, MediaProperties properties,
      OctopostProperties octopost, UrlImports imports, EventOutbox events, MediaViews views, MediaMetrics metrics,
      TransactionTemplate tx, MediaLocator locator, Clock clock) {
    this.locator = locator;
    this.repo = repo;
    this.store = store;
    this.probe = probe;
    this.properties = properties;
    this.staging = new Staging(octopost.dataDir().resolve("tmp").resolve("media"));
    this.imports = imports;
    this.events = events;
    this.views = views;
    this.metrics = metrics;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Streams {@code in} into the library for {@code workspaceId}. The stream is read to its end (or
   * to the size limit) and not closed.
   *
   * @param filename the name the client gave (only its last segment, sanitized, is kept), or null
   * @param declaredLength the length the client announced, or -1; a file announced over a limit
   *     is refused before a byte is read
   * @throws ApiException 413 naming the limit when the file or the workspace's total would be over
   *     it; 422 when the file is not supported media (with the reason)
   */
  public Ingested ingest(String workspaceId, InputStream in, String filename, String altText, long declaredLength) {
    return ingest(workspaceId, false, "resumable", in, filename, altText, declaredLength);
  }

  /** As {@link #ingest(String, InputStream, String, String, long)}, saying whose events these are and where the file came from. */
  public Ingested ingest(String workspaceId, boolean sandbox, String source, InputStream in, String filename, String altText,
      long declaredLength) {
    if (declaredLength > largestFile()) {
      throw tooLarge(declaredLength);
    }
    checkRoom(workspaceId, Math.max(declaredLength, 0));
    Path file = staging.newFile();
    try {
      Staging.Copied copied;
      try {
        copied = Staging.copy(in, file, largestFile());
      } catch (Staging.OverLimit e) {
        throw tooLarge(e.read());
      }
      return admit(workspaceId, sandbox, source, file, copied, Names.clean(filename), altText, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      staging.delete(file);
    }
  }

  /**
   * Imports the file at {@code url} (through the SSRF-safe outbound client, redirects checked hop
   * by hop, cut off after the import timeout).
   *
   * @throws ApiException 422 naming {@code url} when it cannot be fetched or is not supported media
   */
  public Ingested importUrl(String workspaceId, boolean sandbox, String url, String altText) {
    checkRoom(workspaceId, 0);
    Path file = staging.newFile();
    try {
      UrlImports.Fetched fetched;
      try {
        fetched = imports.fetch(url, file, largestFile());
      } catch (UrlImports.ImportFailed e) {
        metrics.refused("url");
        if (e.tooLarge()) {
          throw tooLarge(largestFile() + 1);
        }
        throw ApiException.invalid("url", e.getMessage());
      }
      return admit(workspaceId, sandbox, "url", file, fetched.copied(), Names.clean(fetched.filename()), altText, url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      staging.delete(file);
    }
  }

  private Ingested admit(String workspaceId, boolean sandbox, String source, Path file, Staging.Copied copied,
      String filename, String altText, String sourceUrl) throws IOException {
    MediaProbe.Probe p;
    try {
      p = probe.probe(file);
    } catch (MediaRefused e) {
      metrics.refused(source);
      throw ApiException.invalid(sourceUrl != null ? "url" : "file", e.getMessage());
    }
    long limit = limitFor(p.type());
    if (copied.size() > limit) {
      metrics.refused(source);
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "This " + p.type() + " is " + copied.size() + " bytes; "
          + (p.type().equals("video") ? "videos" : "images") + " may be at most " + human(limit) + " ("
          + (p.type().equals("video") ? "OCTOPOST_MEDIA_MAX_VIDEO_SIZE" : "OCTOPOST_MEDIA_MAX_IMAGE_SIZE") + ")");
    }
    var existing = repo.findReadyBySha(workspaceId, copied.sha256());
    if (existing.isPresent()) {
      metrics.duplicate(source);
      return new Ingested(existing.get(), false);
    }
    checkRoom(workspaceId, copied.size());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String id = Ids.newId("med");
    String key = originalKey(workspaceId, id);
    store.put(key, file);
    var item = new MediaItem(id, workspaceId, "ready", null, p.type(), p.mimeType(), copied.size(), p.width(), p.height(),
        p.durationSeconds(), p.frameRate(), p.videoCodec(), p.audioCodec(), copied.sha256(),
        altText == null || altText.isBlank() ? null : altText, filename == null ? Names.fallback(p.mimeType()) : filename,
        sourceUrl, key, now, now, List.of());
    boolean inserted = Boolean.TRUE.equals(tx.execute(s -> {
      if (!repo.insertReady(item)) {
        return false;
      }
      events.record(workspaceId, sandbox, EventType.MEDIA_READY, "media", views.view(item));
      return true;
    }));
    if (!inserted) { // the same bytes arrived twice at once: keep the first
      store.delete(key);
      metrics.duplicate(source);
      return new Ingested(repo.findReadyBySha(workspaceId, copied.sha256()).orElseThrow(), false);
    }
    metrics.stored(source, copied.size());
    return new Ingested(item, true);
  }

  /**
   * Registers a URL that a post named for import in the background (inside the post's
   * transaction); the object is {@code processing} until then, and the post's targets wait for it.
   */
  public String registerImport(String workspaceId, String url, String altText) {
    String id = Ids.newId("med");
    repo.insertProcessing(id, workspaceId, url, altText, Names.clean(Names.lastSegment(url)),
        clock.instant().truncatedTo(ChronoUnit.MICROS));
    return id;
  }

  /** Completes one claimed background import (called by {@link MediaImporter}). */
  void runImport(MediaItem row, boolean sandbox) {
    Path file = staging.newFile();
    try {
      UrlImports.Fetched fetched = imports.fetch(row.sourceUrl(), file, largestFile());
      MediaProbe.Probe p = probe.probe(file);
      long limit = limitFor(p.type());
      if (fetched.copied().size() > limit) {
        throw new MediaRefused("too_large", "the " + p.type() + " at " + row.sourceUrl() + " is " + fetched.copied().size()
            + " bytes; the limit is " + human(limit));
      }
      if (repo.bytesUsed(row.workspaceId()) + fetched.copied().size() > properties.workspaceQuota().toBytes()) {
        throw new MediaRefused("quota", "the workspace's media would pass its quota of " + human(properties.workspaceQuota().toBytes()));
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      var existing = repo.findReadyBySha(row.workspaceId(), fetched.copied().sha256());
      if (existing.isPresent()) {
        tx.executeWithoutResult(s -> repo.merge(row.workspaceId(), row.id(), existing.get().id()));
        metrics.duplicate("post");
        return;
      }
      String key = originalKey(row.workspaceId(), row.id());
      store.put(key, file);
      var item = new MediaItem(row.id(), row.workspaceId(), "ready", null, p.type(), p.mimeType(), fetched.copied().size(),
          p.width(), p.height(), p.durationSeconds(), p.frameRate(), p.videoCodec(), p.audioCodec(), fetched.copied().sha256(),
          row.altText(), row.filename() != null ? row.filename() : Names.fallback(p.mimeType()), row.sourceUrl(), key,
          row.createdAt(), now, List.of());
      boolean done = Boolean.TRUE.equals(tx.execute(s -> {
        if (!repo.complete(item)) {
          return false;
        }
        events.record(row.workspaceId(), sandbox, EventType.MEDIA_READY, "media", views.view(item));
        return true;
      }));
      if (!done) { // the same bytes finished importing for another post just now
        store.delete(key);
        var other = repo.findReadyBySha(row.workspaceId(), fetched.copied().sha256());
        if (other.isPresent()) {
          tx.executeWithoutResult(s -> repo.merge(row.workspaceId(), row.id(), other.get().id()));
        }
        return;
      }
      metrics.stored("post", fetched.copied().size());
    } catch (UrlImports.ImportFailed e) {
      if (e.retryable() && row.createdAt().isAfter(clock.instant().minus(properties.importTimeout().multipliedBy(6)))) {
        throw new RetryLater(e.getMessage());
      }
      fail(row, sandbox, e.getMessage());
    } catch (MediaRefused e) {
      fail(row, sandbox, e.getMessage());
    } catch (IOException e) {
      throw new RetryLater(e.getMessage());
    } finally {
      staging.delete(file);
    }
  }

  /** A background import that should be tried again shortly (its origin or the store was unreachable). */
  static final class RetryLater extends RuntimeException {
    RetryLater(String message) {
      super(message, null, false, false);
    }
  }

  private void fail(MediaItem row, boolean sandbox, String reason) {
    metrics.refused("post");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    tx.executeWithoutResult(s -> {
      repo.fail(row.id(), reason, now);
      repo.find(row.workspaceId(), row.id()).ifPresent(m -> events.record(row.workspaceId(), sandbox, EventType.MEDIA_FAILED,
          "media", views.view(m)));
    });
    log.info("Media import {} failed: {}", row.id(), reason);
  }

  /**
   * Whether a target's media can be published: all ready, some still importing (wait), or one
   * failed (the target cannot publish; the reason says why).
   */
  public record Readiness(boolean waiting, String failure) {
    public static final Readiness READY = new Readiness(false, null);

    public boolean ready() {
      return !waiting && failure == null;
    }
  }

  public Readiness readiness(String workspaceId, ink.octopost.networks.PostContent content) {
    var ids = new java.util.LinkedHashSet<String>();
    for (var part : content.parts()) {
      part.images().stream().map(ink.octopost.networks.PostContent.Image::mediaId).filter(java.util.Objects::nonNull)
          .forEach(ids::add);
      if (part.video() != null && part.video().mediaId() != null) {
        ids.add(part.video().mediaId());
      }
    }
    if (ids.isEmpty()) {
      return Readiness.READY;
    }
    var found = repo.findAll(workspaceId, ids);
    boolean waiting = false;
    for (String id : ids) {
      var m = found.stream().filter(x -> x.id().equals(id)).findFirst();
      if (m.isEmpty()) {
        return new Readiness(false, "Media " + id + " no longer exists in the library");
      }
      if ("failed".equals(m.get().status())) {
        return new Readiness(false, "Media " + id + " could not be imported: " + m.get().error());
      }
      waiting |= "processing".equals(m.get().status());
    }
    return waiting ? new Readiness(true, null) : Readiness.READY;
  }

  /** The library object, if it exists in this workspace. */
  public Optional<MediaItem> find(String workspaceId, String id) {
    return repo.find(workspaceId, id);
  }

  /** The workspace's objects with these ids (missing ones are left out). */
  public List<MediaItem> findAll(String workspaceId, java.util.Collection<String> ids) {
    return repo.findAll(workspaceId, ids);
  }

  public MediaItem get(String workspaceId, String id) {
    return find(workspaceId, id).orElseThrow(() -> ApiException.notFound("media " + id));
  }

  public Page<MediaItem> page(String workspaceId, String type, Instant createdAfter, Cursor after, int limit) {
    return Page.of(repo.page(workspaceId, type, createdAfter, after, limit), limit, MediaItem::createdAt, MediaItem::id);
  }

  public MediaItem updateAltText(String workspaceId, String id, String altText) {
    get(workspaceId, id);
    repo.updateAltText(id, altText == null || altText.isBlank() ? null : altText, clock.instant());
    return get(workspaceId, id);
  }

  /**
   * Deletes an object and its variants.
   *
   * @throws ApiException 409 naming the posts when a scheduled or publishing post uses it
   */
  public void delete(String workspaceId, String id) {
    var item = tx.execute(s -> {
      var m = repo.lock(workspaceId, id).orElseThrow(() -> ApiException.notFound("media " + id));
      var posts = repo.activePostsUsing(id);
      if (!posts.isEmpty()) {
        throw new ApiException(ErrorCode.CONFLICT, "Media " + id + " is used by scheduled or publishing posts: "
            + String.join(", ", posts) + ". Unschedule or delete them first.", Map.of("post_ids", posts), Map.of());
      }
      repo.delete(id);
      return m;
    });
    removeObjects(item);
  }

  void removeObjects(MediaItem item) {
    try {
      if (item.storageKey() != null) {
        store.delete(item.storageKey());
      }
      for (var v : item.variants()) {
        store.delete(v.storageKey());
      }
    } catch (IOException e) {
      log.warn("Could not remove the stored objects of media {}: {}", item.id(), e.toString());
    }
  }

  /** Records which media a post uses (replacing what it used before). Inside the post's transaction. */
  public void use(String postId, java.util.Collection<String> mediaIds) {
    repo.use(postId, mediaIds, clock.instant());
  }

  /**
   * Refuses (413) a file of {@code length} bytes before it is received, when no file may be that
   * large or the workspace has no room for it.
   */
  public void checkRoom(String workspaceId, long length) {
    if (length > largestFile()) {
      throw tooLarge(length);
    }
    long quota = properties.workspaceQuota().toBytes();
    long used = repo.bytesUsed(workspaceId);
    if (used + length > quota) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The workspace's media would take " + human(used + length)
          + ", over its quota of " + human(quota) + " (OCTOPOST_MEDIA_WORKSPACE_QUOTA). Delete media no post needs.");
    }
  }

  /** The stored bytes behind a media id and variant (null: the original), whatever the workspace: for signed links. */
  public Optional<Stored> locate(String mediaId, String variant) {
    return locator.locate(mediaId, variant);
  }

  long largestFile() {
    return Math.max(properties.maxImageSize().toBytes(), properties.maxVideoSize().toBytes());
  }

  private long limitFor(String type) {
    return "video".equals(type) ? properties.maxVideoSize().toBytes() : properties.maxImageSize().toBytes();
  }

  private ApiException tooLarge(long size) {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than any file may be: images at most "
        + human(properties.maxImageSize().toBytes()) + " (OCTOPOST_MEDIA_MAX_IMAGE_SIZE), videos at most "
        + human(properties.maxVideoSize().toBytes()) + " (OCTOPOST_MEDIA_MAX_VIDEO_SIZE)");
  }

  static String originalKey(String workspaceId, String id) {
    return "media/" + workspaceId + "/" + id + "/original";
  }

  static String human(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1_000_000) {
      return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    return bytes + " bytes";
  }
}
