package ink.octopost.database;

/**
 * Whether this process is the only one that can use the database. Features that keep shared state
 * (rate-limit buckets) may keep it in memory when it is: nothing else can see or change the data.
 */
public enum DatabaseMode {
  /**
   * The embedded PostgreSQL under the data directory. This process holds the data directory's
   * exclusive lock ({@code octopost.lock}) for its whole life, so no other server shares the data.
   */
  EMBEDDED,
  /** {@code OCTOPOST_DATABASE_URL}: any number of nodes may share the database. */
  EXTERNAL;

  /** True when no other process can use this database while this one runs. */
  public boolean singleProcess() {
    return this == EMBEDDED;
  }
}
