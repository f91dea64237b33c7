package ink.octopost.media;

import ink.octopost.shared.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Garage, Ceph), which any number
 * of nodes share. Nothing is held whole in memory: a file goes up as one streamed PUT, or above
 * {@link #MULTIPART_THRESHOLD} as a multipart upload whose parts are read straight from the file;
 * a stream of unknown or large length goes up in parts through one bounded buffer ({@link S3Parts}). S3 itself never
 * shows half an object under a key (a PUT or a completed multipart upload is atomic), which is the
 * interface's promise. Checksums are sent and checked only where the API requires them: the SDK's
 * newer defaults (CRC trailers in aws-chunked bodies) are not understood by every S3-compatible
 * store.
 */
final class S3MediaStore implements MediaStore, AutoCloseable {

  /** Above this a stored file or stream goes up as a multipart upload. */
  static final long MULTIPART_THRESHOLD = 64L * 1024 * 1024;

  /** SigV4 presigned URLs live at most a week. */
  private static final Duration MAX_PRESIGN = Duration.ofDays(7);

  private static final String OCTET_STREAM = "application/octet-stream";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final boolean publicReads;

  private S3MediaStore(S3Client s3, S3Presigner presigner, String bucket, boolean publicReads) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.publicReads = publicReads;
  }

  /** A store on the configured bucket; start-up fails, saying why, if the bucket cannot be reached. */
  static S3MediaStore connect(MediaProperties.S3 settings) {
    var store = create(settings);
    try {
      store.checkBucket(settings);
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  static S3MediaStore create(MediaProperties.S3 settings) {
    URI endpoint = endpoint(settings.endpoint());
    Region region = Region.of(settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region().strip());
    AwsCredentialsProvider credentials = credentials(settings);
    var s3Config = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
    var client = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .region(region)
        .credentialsProvider(credentials)
        .serviceConfiguration(s3Config)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var presigner = S3Presigner.builder().region(region).credentialsProvider(credentials).serviceConfiguration(s3Config);
    if (endpoint != null) {
      client.endpointOverride(endpoint);
      presigner.endpointOverride(endpoint);
    }
    return new S3MediaStore(client.build(), presigner.build(), settings.bucket().strip(), settings.publicReads());
  }

  private static URI endpoint(String configured) {
    if (configured == null || configured.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(configured.strip());
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new StartupException("OCTOPOST_MEDIA_S3_ENDPOINT '" + configured + "' is not an http(s) URL.",
          "Set it to the S3 service's URL, for example http://minio:9000 or https://<account>.r2.cloudflarestorage.com,"
              + " or leave it unset for AWS S3.");
    }
  }

  private static AwsCredentialsProvider credentials(MediaProperties.S3 settings) {
    boolean id = settings.accessKeyId() != null && !settings.accessKeyId().isBlank();
    boolean secret = settings.secretAccessKey() != null && !settings.secretAccessKey().isBlank();
    if (id != secret) {
      throw new StartupException("Only one of OCTOPOST_MEDIA_S3_ACCESS_KEY_ID and OCTOPOST_MEDIA_S3_SECRET_ACCESS_KEY is set.",
          "Set both, or neither to use the AWS default credentials (environment, profile, instance role).");
    }
    if (id) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().strip(), settings.secretAccessKey().strip()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** HeadBucket: the bucket exists and these credentials may use it. */
  private void checkBucket(MediaProperties.S3 settings) {
    String where = "bucket '" + bucket + "' at " + (settings.endpoint() == null || settings.endpoint().isBlank() ? "AWS S3" : settings.endpoint());
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      throw new StartupException("The media " + where + " does not exist.", "Create it, or fix OCTOPOST_MEDIA_S3_BUCKET.");
    } catch (S3Exception e) {
      String fix = switch (e.statusCode()) {
        case 404 -> "Create the bucket, or fix OCTOPOST_MEDIA_S3_BUCKET (and OCTOPOST_MEDIA_S3_PATH_STYLE: most self-hosted stores need true).";
        case 301, 400 -> "Check OCTOPOST_MEDIA_S3_REGION against the bucket's region.";
        case 401, 403 -> "Check OCTOPOST_MEDIA_S3_ACCESS_KEY_ID and OCTOPOST_MEDIA_S3_SECRET_ACCESS_KEY, and that they may read and write this bucket.";
        default -> "Check the OCTOPOST_MEDIA_S3_* settings.";
      };
      throw new StartupException("The media " + where + " refused access (HTTP " + e.statusCode() + ").", fix);
    } catch (SdkClientException e) {
      throw new StartupException("Cannot reach the media " + where + ": " + e.getMessage(),
          "Check OCTOPOST_MEDIA_S3_ENDPOINT and that the service is up; for AWS, that credentials are available.");
    }
  }

  @Override
  public long put(String key, Path file) throws IOException {
    check(key);
    long size = Files.size(file);
    try {
      if (size <= MULTIPART_THRESHOLD) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(file));
      } else {
        multipart(key, S3Parts.ofFile(file, size));
      }
      return size;
    } catch (SdkException e) {
      throw io("storing", key, e);
    }
  }

  @Override
  public long put(String key, InputStream in, long length) throws IOException {
    check(key);
    try {
      if (length >= 0 && length <= MULTIPART_THRESHOLD) {
        var counted = new S3Parts.CountingInput(in);
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(length), RequestBody.fromInputStream(counted, length));
        if (counted.count < length) { // never leave a short object under the key
          s3.deleteObject(b -> b.bucket(bucket).key(key));
          throw new IOException("expected " + length + " bytes for " + key + " but the stream ended after " + counted.count);
        }
        return length;
      }
      return multipart(key, S3Parts.ofStream(in, length));
    } catch (SdkException e) {
      throw io("storing", key, e);
    } catch (IllegalStateException e) { // the SDK's word for a stream shorter than its length
      throw new IOException("storing " + key + ": " + e.getMessage(), e);
    }
  }

  /** Uploads every part; a failure aborts the upload, so no parts linger in the bucket. */
  private long multipart(String key, S3Parts.Parts parts) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    try {
      List<CompletedPart> done = new ArrayList<>();
      long total = 0;
      S3Parts.Part part;
      while ((part = parts.next()) != null) {
        int number = done.size() + 1;
        long length = part.length();
        var body = RequestBody.fromContentProvider(part.body(), length, OCTET_STREAM);
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength(length), body).eTag();
        done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        total += length;
      }
      if (done.isEmpty()) { // an empty stream of unknown length: S3 wants at least one part
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(0L), RequestBody.empty());
        return 0;
      }
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
      return total;
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    check(key);
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw io("reading", key, e);
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    check(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
    if (length == 0) {
      size(key); // still says whether the object exists
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      return new ink.octopost.shared.BoundedInputStream(s3.getObject(b -> b.bucket(bucket).key(key).range(range)), length);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) { // past the end: like a file, nothing to read
        size(key);
        return InputStream.nullInputStream();
      }
      throw io("reading", key, e);
    } catch (SdkException e) {
      throw io("reading", key, e);
    }
  }

  @Override
  public long size(String key) throws IOException {
    check(key);
    try {
      return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    } catch (SdkException e) {
      throw io("reading", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    check(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      // already gone
    } catch (SdkException e) {
      throw io("deleting", key, e);
    }
  }

  @Override
  public Optional<URI> presignedGet(String key, String contentType, Duration ttl) {
    if (!publicReads) {
      return Optional.empty();
    }
    check(key);
    Duration valid = ttl.compareTo(MAX_PRESIGN) > 0 ? MAX_PRESIGN : ttl;
    var request = presigner.presignGetObject(p -> p.signatureDuration(valid).getObjectRequest(g -> {
      g.bucket(bucket).key(key);
      if (contentType != null) {
        g.responseContentType(contentType);
      }
    }));
    try {
      return Optional.of(request.url().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the SDK presigned an invalid URL", e);
    }
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public void close() {
    s3.close();
    presigner.close();
  }

  private static void check(String key) {
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("not a media key: " + key);
    }
  }

  /** The SDK's unchecked failures as the interface's checked ones; a missing key is a missing file. */
  private IOException io(String doing, String key, SdkException e) {
    if (e instanceof NoSuchKeyException || e instanceof S3Exception s && s.statusCode() == 404) {
      return new NoSuchFileException(key);
    }
    if (e instanceof AbortedException) {
      var interrupted = new InterruptedIOException(doing + " " + key + " was interrupted");
      interrupted.initCause(e);
      return interrupted;
    }
    if (e.getCause() instanceof IOException cause) {
      return new IOException(doing + " " + key + " in bucket " + bucket + ": " + cause.getMessage(), e);
    }
    return new IOException(doing + " " + key + " in bucket " + bucket + " failed: " + e.getMessage(), e);
  }

}
