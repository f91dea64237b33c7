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

  @Bean
  MediaProbe mediaProbe(MediaProperties media) {
    return new MediaProbe(media);
  }

  @Bean
  ImageFitter imageFitter(MediaProperties media) {
    return new ImageFitter(media);
  }
}
