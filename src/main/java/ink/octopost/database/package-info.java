/**
 * Where the data lives. Without {@code OCTOPOST_DATABASE_URL} the server runs its own PostgreSQL
 * (zonky embedded binaries) in {@code OCTOPOST_DATA_DIR/postgres}, guarded by a lock file so two
 * servers never open one data directory; with it, an external PostgreSQL shared by many nodes.
 * Also owns the key that seals credentials at rest, and the check that it is the right one.
 */
package ink.octopost.database;
