/**
 * A workspace's queue settings: the IANA time zone, the active hours, the interval between
 * queued posts and the days of the week. Queued posts are published oldest first in the next
 * free slot; slots are computed in the workspace's zone, so they stay at the same wall-clock
 * time across daylight-saving changes.
 */
package ink.octopost.queue;
