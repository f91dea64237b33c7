/**
 * The post aggregate: content, media, reply segments and per-platform overrides; one target per
 * account it goes to (resolved from platforms, named accounts and presets); the state machine
 * (draft, scheduled, publishing, published, failed; queued and pending in the queue); and the
 * validation that checks each target the way its network counts. Publishing itself is handed to
 * the engine through {@link ink.octopost.posts.PublishDispatcher}; what the API shows about
 * results is always computed from the target rows.
 */
package ink.octopost.posts;
