package ink.octopost.media;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import ink.octopost.shared.Ids;
import ink.octopost.shared.OctopostProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Resumable uploads (tus 1.0.0 with creation, creation-with-upload, checksum, expiration and
 * termination), on any number of nodes: each PATCH's bytes become one part object in the media
 * store and the offset lives in PostgreSQL; a PATCH holds its upload by a lease, so a second one
 * at the same time is refused (423) and a node that dies mid-PATCH frees the upload when the lease
 * runs out. When the last byte arrives the parts are streamed, in order, into the media library.
 */
@Service
class ResumableUploads {

  private static final Logger log = LoggerFactory.getLogger(ResumableUploads.class);

  /** Where a PATCH left the upload: its offset, and the media object once it is complete. */
  record Progress(long offset, long length, String mediaId, Instant expiresAt) {}

  private final UploadRepository repo;
  private final UploadParts parts;
  private final MediaLibrary library;
  private final MediaProperties media;
  private final UploadProperties props;
  private final TransactionTemplate tx;
  private final Clock clock;

  ResumableUploads(UploadRepository repo, MediaStore store, MediaLibrary library, MediaProperties media,
      UploadProperties props, OctopostProperties octopost, TransactionTemplate tx, Clock clock) throws IOException {
    this.repo = repo;
    this.parts = new UploadParts(store, octopost.dataDir().resolve("tmp").resolve("uploads"));
    this.library = library;
    this.media = media;
    this.props = props;
    this.tx = tx;
    this.clock = clock;
  }

  /** The largest upload taken: the larger of the video and image limits. */
  long maxSize() {
    return Math.max(media.maxVideoSize().toBytes(), media.maxImageSize().toBytes());
  }

  UploadRepository.Upload create(String workspaceId, String lengthHeader, String deferHeader, String metadataHeader) {
    if (deferHeader != null && lengthHeader == null) {
      throw ApiException.badRequest("Upload-Defer-Length is not supported: send Upload-Length with the file's size in bytes");
    }
    long length = number("Upload-Length", lengthHeader);
    if (length < 1) {
      throw ApiException.badRequest("Upload-Length must be at least 1 byte");
    }
    if (length > maxSize()) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "Upload-Length " + length + " is over the largest file the media library takes: " + human(maxSize())
              + (media.maxVideoSize().toBytes() >= media.maxImageSize().toBytes()
                  ? " (OCTOPOST_MEDIA_MAX_VIDEO_SIZE)" : " (OCTOPOST_MEDIA_MAX_IMAGE_SIZE)"),
          Map.of("limit_bytes", maxSize()), Map.of());
    }
    UploadMetadata metadata = UploadMetadata.parse(metadataHeader);
    library.checkRoom(workspaceId, length);
    Instant now = clock.instant();
    var upload = new UploadRepository.Upload(Ids.newId("upl"), workspaceId, length, 0, metadata.raw(), metadata.filename(),
        metadata.altText(), java.util.List.of(), null, null, null, null, null, now.plus(props.expiry()), now);
    tx.executeWithoutResult(s -> {
      repo.lockWorkspace(workspaceId);
      if (repo.countUnfinished(workspaceId, now) >= props.maxUnfinished()) {
        throw new ApiException(ErrorCode.CONFLICT,
            "This workspace has " + props.maxUnfinished() + " unfinished uploads, the most it may have at once"
                + " (OCTOPOST_UPLOADS_MAX_UNFINISHED): finish or DELETE one first",
            Map.of("limit", props.maxUnfinished()), Map.of());
      }
      repo.insert(upload);
    });
    return upload;
  }

  /** The upload for HEAD: 404 when unknown here, 410 once expired. */
  UploadRepository.Upload find(String workspaceId, String id) {
    var upload = repo.find(workspaceId, id).orElseThrow(() -> ApiException.notFound("Upload"));
    if (upload.expired(clock.instant())) {
      throw gone();
    }
    return upload;
  }

  /**
   * Appends one PATCH body at {@code offsetHeader}.
   *
   * @param declared the body's Content-Length, or -1
   */
  Progress patch(String workspaceId, String id, String offsetHeader, String checksumHeader, long declared, InputStream body) {
    long offset = number("Upload-Offset", offsetHeader);
    ChunkChecksum checksum = ChunkChecksum.parse(checksumHeader);
    var upload = find(workspaceId, id);
    if (upload.offset() != offset) {
      throw offsetMismatch(offset, upload.offset());
    }
    long remaining = upload.length() - offset;
    if (declared > remaining) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "This PATCH carries " + declared + " bytes, but only " + remaining + " remain of the " + upload.length()
              + " the upload declared", Map.of("remaining_bytes", remaining), Map.of());
    }
    if (upload.completed()) {
      return progress(upload); // the last PATCH repeated: nothing left to write
    }
    Instant now = clock.instant();
    var lease = repo.acquire(workspaceId, id, Ids.base62(22), now, now.plus(props.lease()))
        .orElseThrow(() -> new ApiException(ErrorCode.LOCKED,
            "Another request is writing to this upload right now; retry once it has finished"));
    try (var keeper = new LeaseKeeper(id, lease.token())) {
      var held = lease.upload();
      if (held.offset() != offset || held.completed()) {
        throw offsetMismatch(offset, held.offset());
      }
      if (held.offset() == held.length()) {
        return finish(held, lease.token()); // every byte is here but the library has not taken them yet
      }
      return append(held, lease, offset, checksum, declared, body);
    } finally {
      repo.release(id, lease.token());
    }
  }

  private Progress append(UploadRepository.Upload held, UploadRepository.Lease lease, long offset, ChunkChecksum checksum,
      long declared, InputStream body) {
    long remaining = held.length() - offset;
    UploadParts.Received got;
    try {
      got = parts.receive(held.id(), body, declared, remaining, checksum);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write an upload part to the temporary directory", e);
    }
    try {
      if (got.overLength()) {
        throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
            "This PATCH carries more than the " + remaining + " bytes that remain of the upload", Map.of("remaining_bytes", remaining), Map.of());
      }
      if (checksum != null && !got.interrupted() && !checksum.matches()) {
        throw new ApiException(ErrorCode.CHECKSUM_MISMATCH,
            "The " + checksum.algorithm() + " checksum of the bytes received does not match Upload-Checksum; the chunk was discarded",
            Map.of(), Map.of("Upload-Offset", Long.toString(offset)));
      }
      long newOffset = offset;
      // A checksummed chunk that broke off cannot be verified: it is discarded, like a mismatch.
      if (got.bytes() > 0 && (checksum == null || !got.interrupted())) {
        String key = UploadParts.key(held.id(), lease.part());
        boolean last = offset + got.bytes() == held.length();
        parts.store(key, got.file());
        var appended = repo.appendPart(held.id(), lease.token(), offset, key, got.bytes(), last, clock.instant());
        if (appended.isEmpty()) {
          parts.delete(java.util.List.of(key));
          throw new ApiException(ErrorCode.CONFLICT, "The upload changed while this PATCH was received: HEAD it for its offset");
        }
        newOffset = appended.get();
      }
      if (got.interrupted()) {
        throw ApiException.badRequest("The body ended before its Content-Length (the connection broke off?): "
            + (newOffset - offset) + " bytes were kept; HEAD the upload and resume from Upload-Offset " + newOffset);
      }
      if (newOffset == held.length()) {
        return finish(repo.find(held.workspaceId(), held.id()).orElseThrow(), lease.token());
      }
      return new Progress(newOffset, held.length(), null, held.expiresAt());
    } catch (IOException e) {
      throw new UncheckedIOException("could not store an upload part", e);
    } finally {
      parts.deleteQuietly(got.file());
    }
  }

  /**
   * Hands the complete upload to the library. A refusal (too large for the workspace, not
   * supported media) ends the upload with that error; any other failure leaves the parts in place,
   * and a PATCH of no bytes at the final offset tries again.
   */
  private Progress finish(UploadRepository.Upload upload, String token) {
    MediaLibrary.Ingested ingested;
    try (InputStream in = parts.concatenated(upload.parts())) {
      ingested = library.ingest(upload.workspaceId(), in, upload.filename(), upload.altText(), upload.length());
    } catch (ApiException refused) {
      repo.complete(upload.id(), token, null, refused.getMessage(), clock.instant());
      deleteParts(upload);
      var headers = new LinkedHashMap<>(refused.headers());
      headers.put("Upload-Offset", Long.toString(upload.length()));
      throw new ApiException(refused.code(), refused.getMessage(), refused.details(), headers);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the parts of upload " + upload.id(), e);
    }
    String mediaId = ingested.item().id();
    repo.complete(upload.id(), token, mediaId, null, clock.instant());
    deleteParts(upload);
    return new Progress(upload.length(), upload.length(), mediaId, upload.expiresAt());
  }

  /** Termination: the upload and its parts go; 423 while a PATCH writes to it. */
  void terminate(String workspaceId, String id) {
    repo.find(workspaceId, id).orElseThrow(() -> ApiException.notFound("Upload"));
    Instant now = clock.instant();
    var lease = repo.acquire(workspaceId, id, Ids.base62(22), now, now.plus(props.lease()))
        .orElseThrow(() -> new ApiException(ErrorCode.LOCKED, "A request is writing to this upload right now; retry once it has finished"));
    try {
      parts.delete(lease.upload().parts());
    } catch (IOException e) {
      repo.release(id, lease.token());
      throw new UncheckedIOException("could not delete the parts of upload " + id, e);
    }
    repo.delete(id, lease.token());
  }

  Progress progress(UploadRepository.Upload u) {
    return new Progress(u.offset(), u.length(), u.mediaId(), u.expiresAt());
  }

  private void deleteParts(UploadRepository.Upload upload) {
    try {
      parts.delete(upload.parts());
    } catch (IOException e) {
      log.warn("Upload {}: parts left in the store ({}); they are not referenced any more", upload.id(), e.getMessage());
    }
  }

  private static long number(String header, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("Missing header '" + header + "'");
    }
    String v = value.strip();
    if (!v.chars().allMatch(Character::isDigit) || v.length() > 18) {
      throw ApiException.badRequest(header + " must be a non-negative whole number of bytes, not '" + printable(v) + "'");
    }
    return Long.parseLong(v);
  }

  private static ApiException offsetMismatch(long sent, long actual) {
    return new ApiException(ErrorCode.CONFLICT,
        "Upload-Offset " + sent + " does not match the upload's offset " + actual + ": HEAD it and resume from there",
        Map.of("upload_offset", actual), Map.of("Upload-Offset", Long.toString(actual)));
  }

  static ApiException gone() {
    return new ApiException(ErrorCode.GONE, "This upload has expired; create a new one");
  }

  static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** 1 GB, 50 MB or 1234 bytes: the limit as the setting that sets it would be written. */
  private static String human(long bytes) {
    long gb = DataSize.ofGigabytes(1).toBytes();
    long mb = DataSize.ofMegabytes(1).toBytes();
    if (bytes % gb == 0) {
      return bytes / gb + " GB";
    }
    return bytes % mb == 0 ? bytes / mb + " MB" : bytes + " bytes";
  }

  /** Renews a lease while a long PATCH or the hand-over to the library runs. */
  private final class LeaseKeeper implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    LeaseKeeper(String id, String token) {
      long every = Math.max(1_000_000L, props.lease().toNanos() / 3);
      thread = Thread.ofVirtual().name("upload-lease-" + id).start(() -> {
        while (!stopped) {
          LockSupport.parkNanos(every);
          if (stopped) {
            return;
          }
          try {
            if (!repo.renew(id, token, clock.instant().plus(props.lease()))) {
              return;
            }
          } catch (RuntimeException e) {
            log.warn("Upload {}: could not renew the lease: {}", id, e.getMessage());
          }
        }
      });
    }

    @Override
    public void close() {
      stopped = true;
      LockSupport.unpark(thread);
    }
  }
}
