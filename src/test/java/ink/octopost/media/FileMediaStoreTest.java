package ink.octopost.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;

class FileMediaStoreTest extends MediaStoreContractTest {

  private FileMediaStore store;

  @BeforeEach
  void createStore() {
    try {
      store = new FileMediaStore(temp.resolve("media"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  MediaStore store() {
    return store;
  }
}
