package ink.octopost.media;

import ink.octopost.shared.OctopostProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the media store: an S3-compatible bucket when one is configured, else the data directory. */
@Configuration(proxyBeanMethods = false)
class MediaConfig {

  @Bean
  MediaStore mediaStore(MediaProperties media, OctopostProperties octopost) throws IOException {
    if (media.s3().enabled()) {
      return S3MediaStore.connect(media.s3());
    }
    return new FileMediaStore(media.dir() != null ? media.dir() : octopost.dataDir().resolve("media"));
  }

  /**
   * Multipart uploads go to disk as they arrive (nothing is held in the heap), capped at the
   * largest file the library takes; the container also caps the number of parts and their headers.
   */
  @Bean
  jakarta.servlet.MultipartConfigElement multipartConfig(MediaProperties media, OctopostProperties octopost) throws IOException {
    long largest = Math.max(media.maxImageSize().toBytes(), media.maxVideoSize().toBytes());
    var dir = java.nio.file.Files.createDirectories(octopost.dataDir().resolve("tmp").resolve("multipart"));
    return new jakarta.servlet.MultipartConfigElement(dir.toAbsolutePath().toString(), largest, largest + 1024 * 1024, 0);
  }

  @Bean
  MediaProbe mediaProbe(MediaProperties media) {
    return new MediaProbe(media);
  }

  @Bean
  ImageFitter imageFitter(MediaProperties media) {
    return new ImageFitter(media);
  }
}
