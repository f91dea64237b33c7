package ink.octopost.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects every broken rule of a request body so the client hears about all of them at once. */
public final class Violations {

  private final List<ApiException.FieldViolation> found = new ArrayList<>();
  private final List<JsonBody> bodies = new ArrayList<>();
  /** Unknown fields named one by one; a body of thousands of them gets a short answer. */
  private static final int MAX_UNKNOWN = 20;

  /** A body read into these violations: its unknown fields are checked when the reader is done. */
  void track(JsonBody body) {
    bodies.add(body);
  }

  public Violations add(String field, String message) {
    found.add(new ApiException.FieldViolation(field, message));
    return this;
  }

  /** Requires a non-blank string of at most {@code max} characters (code points). */
  public Violations text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      add(field, "is required");
    } else if (value.codePointCount(0, value.length()) > max) {
      add(field, "must be at most " + max + " characters");
    }
    return this;
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * Throws a 422 {@code validation_error} listing every violation, if there is any. Call it once
   * the body is read: fields of a tracked {@link JsonBody} not asked about by then are unknown, and
   * come first (a misspelt name explains the errors that follow from it).
   */
  public void throwIfAny() {
    if (!bodies.isEmpty()) {
      var unknown = new ArrayList<ApiException.FieldViolation>();
      bodies.forEach(b -> b.unknownFields(unknown));
      bodies.clear();
      if (unknown.size() > MAX_UNKNOWN) {
        int more = unknown.size() - MAX_UNKNOWN;
        unknown.subList(MAX_UNKNOWN, unknown.size()).clear();
        unknown.add(new ApiException.FieldViolation("body", "and " + more + " more fields that are not known"));
      }
      found.addAll(0, unknown);
    }
    if (!found.isEmpty()) {
      throw ApiException.invalid(found);
    }
  }
}
