/**
 * Instagram, publishing to professional (Business or Creator) accounts through the Instagram Graph
 * API's content publishing (networks.md 6; docs/network-instagram.md). Two logins under one OAuth
 * flow, chosen with {@code instance_url}: Instagram Login ({@code graph.instagram.com}; 60-day
 * tokens refreshed with {@code ig_refresh_token}) and Facebook Login for accounts linked to Pages
 * ({@code graph.facebook.com}; one identity per linked account, each with its Page token); the
 * credential {@code login} decides the host. Publishing is containers ({@code POST /{ig-user-id}/media};
 * Meta fetches media from the signed public URL) looked at until {@code FINISHED} across calls (the
 * engine reschedules: {@code NetworkFailure.InProgress}), then {@code media_publish}, the permalink
 * and an optional first comment. {@code overrides.instagram.type} picks feed, carousel, reel or
 * story; {@link ink.octopost.networks.instagram.InstagramRules} adds what the generic checks cannot
 * see (30 hashtags, 20 mentions, what each type carries, story and reel media limits). The daily
 * publishing limit is read before any container is made. No threads, no idempotency key, and no
 * delete: Instagram's API cannot delete posts.
 */
package ink.octopost.networks.instagram;
