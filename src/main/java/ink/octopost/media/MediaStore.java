package ink.octopost.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where media bytes live: a directory under the data directory (one node) or an S3-compatible
 * bucket (any number of nodes). Keys are opaque, made of {@code [A-Za-z0-9/_.-]} only; nothing a
 * user sends ever becomes part of a key. Writes are whole-object: a reader never sees half an
 * object under its final key.
 */
public interface MediaStore {

  /** Stores a local file under {@code key} (replacing any object there) and returns its size. */
  long put(String key, Path file) throws IOException;

  /** Stores {@code length} bytes read from {@code in} under {@code key}; the stream is not closed. */
  long put(String key, InputStream in, long length) throws IOException;

  /** Reads a whole object. @throws java.nio.file.NoSuchFileException when there is none */
  InputStream open(String key) throws IOException;

  /**
   * Reads {@code length} bytes from {@code offset} (range requests, resumable uploads).
   *
   * @throws java.nio.file.NoSuchFileException when there is no such object
   */
  InputStream open(String key, long offset, long length) throws IOException;

  /** The object's size in bytes. @throws java.nio.file.NoSuchFileException when there is none */
  long size(String key) throws IOException;

  /** Removes an object; removing a missing one is not an error. */
  void delete(String key) throws IOException;

  /**
   * A URL that lets anyone GET the object directly from the store for {@code ttl}, where the store
   * offers that (S3 presigned GET with public reads on); empty otherwise, and Octopost serves it.
   */
  default Optional<URI> presignedGet(String key, String contentType, Duration ttl) {
    return Optional.empty();
  }

  /** A short name for logs and metrics ({@code filesystem}, {@code s3}). */
  String kind();
}
